// Currencies as the API counts them: integers in the minor unit, whose size is the currency's
// exponent (ISO 4217). The exceptions to two decimals are listed; everything else has two.

const ZERO = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);
const THREE = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);

/** Digits after the decimal point: JPY 0, KWD 3, USD 2. */
export function exponent(currency) {
  const code = String(currency || '').toUpperCase();
  if (ZERO.has(code)) return 0;
  if (THREE.has(code)) return 3;
  return 2;
}

/** The currencies offered when writing an invoice. */
export const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'CAD', 'AUD', 'NZD', 'JPY', 'KWD', 'BHD', 'JOD', 'OMR', 'TND'];

const EURO = 'AT BE CY DE EE ES FI FR GR HR IE IT LT LU LV MT NL PT SI SK'.split(' ');
const BY_COUNTRY = {
  US: 'USD', GB: 'GBP', CH: 'CHF', LI: 'CHF', SE: 'SEK', NO: 'NOK', DK: 'DKK', PL: 'PLN', CZ: 'CZK', CA: 'CAD', AU: 'AUD',
  NZ: 'NZD', JP: 'JPY', KW: 'KWD', BH: 'BHD', JO: 'JOD', OM: 'OMR', TN: 'TND', KR: 'KRW', IS: 'ISK', CL: 'CLP', VN: 'VND',
};

/** The likely currency of a business in `country`; amounts typed in filters are read in it. */
export function currencyOfCountry(country) {
  const c = String(country || '').toUpperCase();
  if (EURO.includes(c)) return 'EUR';
  return BY_COUNTRY[c] || 'USD';
}

/**
 * Minor units from what a person typed in major units ("12.50", "12,50", "1,234.5"), or null when
 * it is not an amount with at most the currency's decimals. Done on the digits, not with floats,
 * so 0.29 is 29 and never 28.999….
 */
export function parseMajor(text, currency) {
  let s = String(text ?? '').trim().replace(/[\s\u00a0\u202f']/g, '');
  if (!s) return null;
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  const decimal = Math.max(lastDot, lastComma);
  const exp = exponent(currency);
  let whole = s;
  let fraction = '';
  if (decimal >= 0) {
    const tail = s.slice(decimal + 1);
    // "1,234" or "1.234" with three digits and a currency of fewer decimals is a thousands group.
    const isGroup = tail.length === 3 && exp < 3 && (lastDot < 0 || lastComma < 0);
    if (!isGroup) {
      whole = s.slice(0, decimal);
      fraction = tail;
    }
  }
  whole = whole.replace(/[.,]/g, '');
  if (!/^\d+$/.test(whole || '0') || !/^\d*$/.test(fraction) || fraction.length > exp) return null;
  const minor = Number((whole || '0') + fraction.padEnd(exp, '0'));
  return Number.isSafeInteger(minor) ? minor : null;
}

/** Minor units as a plain major-unit number for an input's value ("12.50"), without grouping. */
export function toMajorInput(minor, currency) {
  const exp = exponent(currency);
  const digits = String(Math.trunc(minor)).padStart(exp + 1, '0');
  return exp === 0 ? digits : `${digits.slice(0, -exp)}.${digits.slice(-exp)}`;
}
