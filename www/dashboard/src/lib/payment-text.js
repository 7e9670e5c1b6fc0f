// How a payment's card and shopper read in lists and on its page.
import { label } from './i18n.js';

/** The shopper's email, wherever the payment carries it. */
export const shopperEmail = (p) => (p.shopper && p.shopper.email) || p.shopper_email || p.email || '—';

/** Card brand and last four, e.g. "Visa •••• 4242". */
export const cardText = (card) => (card && card.last4 ? `${label('brand', card.brand)} •••• ${card.last4}` : '—');
