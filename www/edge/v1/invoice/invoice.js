// The hosted invoice page: mount the card frame for the invoice's checkout session and, once
// paid, reload so the page shows what the edge recorded (it turns paid by the payment's event).
const pay = document.getElementById('pay');
const message = document.getElementById('pay-message');

if (pay) {
  const card = window.Tessera(pay.dataset.pk).mount('#pay', { clientSecret: pay.dataset.clientSecret, locale: pay.dataset.locale });
  card.on('complete', () => {
    message.textContent = document.documentElement.lang === 'de' ? 'Bezahlt. Einen Moment …' : 'Paid. One moment…';
    // The invoice is marked paid with the payment; a short wait covers the hook's write.
    setTimeout(() => window.location.reload(), 600);
  });
  card.on('error', (error) => {
    if (error.code !== 'card_declined') message.textContent = error.message || '';
  });
}
