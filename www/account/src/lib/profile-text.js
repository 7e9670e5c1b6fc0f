// What the account holds, in words: the home address on lines, the identity check's document.
import { t } from '../../../dashboard/src/lib/i18n.js';
import { countryName } from '../../../dashboard/src/lib/countries.js';

/** The home address as one line: street, flat, postal code and city, region, country. */
export function addressText(a) {
  if (!a) return null;
  const town = [a.postal_code, a.city].filter(Boolean).join(' ');
  return [a.line1, a.line2, town, a.region, countryName(a.country)].filter(Boolean).join(', ');
}

/** The checked document as the account keeps it: its type, country and last four characters. */
export function documentText(d) {
  if (!d) return null;
  return t('identity.document_summary', {
    type: t(`document.${d.type}`),
    country: countryName(d.issuing_country),
    last4: d.number_last4,
    name: [d.given_name, d.family_name].filter(Boolean).join(' '),
  });
}

/** A country code in words for a sentence ("from …"); `XX` is the edge's "unknown". */
export const country = (code) => (!code || code === 'XX' ? t('common.unknown_country') : countryName(code));

/** Countries for a table cell: their names, or "Unknown". */
export const countryList = (codes) => (codes || []).map((c) => (c === 'XX' ? t('common.unknown') : countryName(c))).join(', ') || t('common.unknown');

/** A device in words: its browser, or the card frame's key at a merchant's checkout. */
export function deviceName(d) {
  if (d.kind === 'card_frame') return t('devices.card_frame');
  return d.browser || t('devices.unknown_browser');
}
