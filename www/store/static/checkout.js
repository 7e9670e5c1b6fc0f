// The store's checkout page: mount the Tessera frame and follow its events. The card never
// touches this page; it only hears "ready", "change", "complete" and "error".
const pay = document.getElementById('pay');
const message = document.getElementById('checkout-message');
const orderId = pay.dataset.order;

const card = window.Tessera(pay.dataset.pk).mount('#pay', {
  clientSecret: pay.dataset.clientSecret,
  locale: navigator.language,
  appearance: { variables: { colorPrimary: '#0b7285' } },
  // Shoppers may pay with their Tessera account and save their card to it.
  accounts: pay.dataset.accounts === 'true',
});

card.on('ready', () => pay.classList.add('ready'));
card.on('change', () => { message.textContent = ''; });
card.on('complete', () => { window.location.href = `/orders/${orderId}`; });
card.on('error', (error) => {
  if (error.code === 'card_declined') {
    message.textContent = 'Your card was declined. You can try another card.';
  } else if (error.code === 'session_expired' || error.code === 'session_already_paid') {
    window.location.href = `/orders/${orderId}/failed?reason=${encodeURIComponent(error.message || error.code)}`;
  } else if (error.code === 'session_canceled') {
    // Another tab started a new attempt for this order; this one can no longer pay.
    message.textContent = 'This checkout was replaced by a newer one. ';
    const link = document.createElement('a');
    link.href = `/checkout/${orderId}`;
    link.textContent = 'Continue to the current checkout';
    message.append(link);
  } else {
    message.textContent = error.message || 'Something went wrong.';
  }
});
