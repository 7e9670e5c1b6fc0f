// Numbers, money and times as the reader expects them: in their language, in the account's time
// zone, money with the currency's own number of decimals.
import { exponent } from './currency.js';
import { intlLocale } from './i18n.js';
import { validZone } from './dates.js';

let zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Times are shown in the account's zone once it is known (until then the browser's). */
export function setTimeZone(timeZone) {
  zone = validZone(timeZone || zone);
}

/** The zone times are shown in. */
export function timeZone() {
  return zone;
}

/**
 * An amount in minor units: `money(123456, 'JPY')` is ¥123,456, `money(1250, 'KWD')` KWD 1.250.
 * `exp` is the currency's exponent when the API sends it (else the table in currency.js).
 */
export function money(minor, currency, exp = exponent(currency)) {
  if (minor == null || !currency) return '—';
  try {
    return new Intl.NumberFormat(intlLocale(), { style: 'currency', currency, minimumFractionDigits: exp, maximumFractionDigits: exp }).format(minor / 10 ** exp);
  } catch {
    return `${(minor / 10 ** exp).toFixed(exp)} ${currency}`;
  }
}

/** Several currencies' amounts (`[{currency, amount}]`), or a dash for none. */
export function moneyList(list) {
  if (!list || list.length === 0) return '—';
  return list.map((x) => money(x.amount, x.currency)).join(' · ');
}

/** A share from 0 to 1 as a percentage, or a dash when there is nothing to divide. */
export function percent(rate, digits = 1) {
  if (rate == null || Number.isNaN(rate)) return '—';
  return new Intl.NumberFormat(intlLocale(), { style: 'percent', minimumFractionDigits: 0, maximumFractionDigits: digits }).format(rate);
}

/** A plain number in the reader's style. */
export function number(n) {
  return n == null ? '—' : new Intl.NumberFormat(intlLocale()).format(n);
}

const asDate = (seconds) => new Date(seconds * 1000);

/** Date and time of unix seconds, in the account's zone. */
export function dateTime(seconds) {
  if (seconds == null) return '—';
  return new Intl.DateTimeFormat(intlLocale(), { timeZone: zone, dateStyle: 'medium', timeStyle: 'short' }).format(asDate(seconds));
}

/** Date, time with seconds and the zone's name: for the timeline, where order and precision matter. */
export function preciseTime(seconds) {
  if (seconds == null) return '—';
  return new Intl.DateTimeFormat(intlLocale(), {
    timeZone: zone, year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short',
  }).format(asDate(seconds));
}

/** The date of unix seconds, in the account's zone. */
export function date(seconds) {
  if (seconds == null) return '—';
  return new Intl.DateTimeFormat(intlLocale(), { timeZone: zone, dateStyle: 'medium' }).format(asDate(seconds));
}

/** A `YYYY-MM-DD` day as the reader writes dates (the day itself, no zone shift). */
export function day(ymd, style = 'medium') {
  if (!ymd) return '—';
  const [y, m, d] = ymd.split('-').map(Number);
  const options = style === 'short' ? { timeZone: 'UTC', month: 'short', day: 'numeric' } : { timeZone: 'UTC', dateStyle: style };
  return new Intl.DateTimeFormat(intlLocale(), options).format(new Date(Date.UTC(y, m - 1, d)));
}

/** An ISO timestamp for a `<time datetime>`. */
export function iso(seconds) {
  return seconds == null ? null : asDate(seconds).toISOString();
}

/** A `<time>` element for unix seconds. */
export function timeElement(seconds, format = dateTime) {
  const el = document.createElement('time');
  if (seconds != null) el.dateTime = iso(seconds);
  el.textContent = format(seconds);
  return el;
}

/** A short amount for chart axes: €1.2K. */
export function moneyCompact(minor, currency) {
  const exp = exponent(currency);
  try {
    return new Intl.NumberFormat(intlLocale(), { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }).format(minor / 10 ** exp);
  } catch {
    return String(minor / 10 ** exp);
  }
}
