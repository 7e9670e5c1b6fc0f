// A merchant's checkout page without a framework: load the pinned loader with its SRI hash,
// mount the card frame, follow its events. `tsc` checks this file against the package's types;
// each `@ts-expect-error` line is a mistake the types must catch.
import { loadTessera, versions, type ChangeEvent, type ErrorCode, type ErrorEvent, type TesseraFrame } from '@tessera/js';

const shown: Partial<Record<ErrorCode, string>> = {
  card_declined: 'Your card was declined. You can try another card.',
  session_expired: 'This checkout has expired. Please start again.',
};

function explain(error: ErrorEvent): string {
  if (error.code === 'card_declined' && error.declineCode) return `${shown.card_declined} (${error.declineCode})`;
  return shown[error.code] ?? error.message;
}

function describe(change: ChangeEvent): string {
  const wrong = Object.entries(change.errors).filter(([, code]) => code !== null).map(([field]) => field);
  return change.complete ? `Ready to pay with ${change.brand ?? 'your card'}` : `Check: ${wrong.join(', ')}`;
}

export async function mountCheckout(clientSecret: string, status: HTMLElement): Promise<TesseraFrame | null> {
  const tessera = await loadTessera('pk_test_abcdefghijklmnopqrstuvwx', { edge: 'https://pay.example.com', version: versions[0] });
  if (!tessera) return null; // server-side rendering
  const frame = tessera.mount('#pay', {
    clientSecret,
    locale: 'de',
    initialHeight: 320,
    appearance: {
      theme: 'night',
      variables: { colorPrimary: '#0b7285', borderRadius: '8px' },
      rules: { '.Input:focus': { borderColor: '#0b7285' }, '.Button': { fontWeight: 600 } },
    },
  });
  frame
    .on('ready', ({ amount, currency }) => { status.textContent = new Intl.NumberFormat('de', { style: 'currency', currency }).format(amount / 100); })
    .on('change', (change) => { status.textContent = describe(change); })
    .on('complete', ({ paymentId }) => { window.location.assign(`/orders/paid?payment=${encodeURIComponent(paymentId)}`); })
    .on('error', (error) => { status.textContent = explain(error); });
  return frame;
}

export function mistakes(frame: TesseraFrame, tessera: NonNullable<Awaited<ReturnType<typeof loadTessera>>>) {
  // @ts-expect-error: the loader needs the edge's origin
  void loadTessera('pk_test_abcdefghijklmnopqrstuvwx');
  // @ts-expect-error: mount needs the session's client secret
  tessera.mount('#pay', { locale: 'en' });
  // @ts-expect-error: there is no such theme
  tessera.mount('#pay', { clientSecret: 'cs_x', appearance: { theme: 'dark' } });
  // @ts-expect-error: a rule names one of the frame's selectors
  tessera.mount('#pay', { clientSecret: 'cs_x', appearance: { rules: { 'iframe': { color: 'red' } } } });
  // @ts-expect-error: the frame sends ready, change, complete and error only
  frame.on('submit', () => {});
  // @ts-expect-error: error codes are a closed list
  const code: ErrorCode = 'card_refused';
  return code;
}
