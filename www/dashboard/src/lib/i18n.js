// Every word the dashboard shows, in English and German. The language is the member's own choice
// when they made one on this browser, else the account's `locale`, else the browser's language;
// `de…` is German, anything else English. Missing German falls back to English, never to a key.
// English ships with every page; German is its own chunk, fetched only by those who read it.
import en from './strings-en.js';

const TABLES = { en };
const STORED = 'tessera.language';
let current = 'en';
// Another set of pages that reuses these modules (the shopper's account pages) lays its own words
// over the dashboard's: they win where both have a key. Empty for the dashboard itself.
const OVERLAY = { en: {}, de: {} };
let overlayGerman = null;

/**
 * Lays `english` over the dashboard's strings; `loadGerman()` resolves to the German module
 * (`{ default: table }`) and is called only when German is chosen, so it can be its own chunk.
 */
export function addStrings(english, loadGerman) {
  Object.assign(OVERLAY.en, english);
  overlayGerman = loadGerman || null;
}

const lookup = (lang, k) => OVERLAY[lang][k] ?? TABLES[lang]?.[k];

/** `de` for any German tag (`de`, `de-AT`, `de_CH`), else `en`. */
export function languageOf(tag) {
  return /^de(?:[-_]|$)/i.test(String(tag || '')) ? 'de' : 'en';
}

/** The language chosen on this browser (when the account's could not be changed), if any. */
export function storedLanguage() {
  try {
    const v = localStorage.getItem(STORED);
    return v === 'de' || v === 'en' ? v : null;
  } catch {
    return null;
  }
}

/** Keeps (or with null forgets) this browser's own choice. */
export function storeLanguage(lang) {
  try {
    if (lang) localStorage.setItem(STORED, lang);
    else localStorage.removeItem(STORED);
  } catch {
    // Storage refused: the choice lasts for this page only.
  }
}

/** Picks, loads and applies the language: this browser's choice, the account's locale, the browser's language. */
export async function chooseLanguage(accountLocale) {
  let lang = languageOf(storedLanguage() || accountLocale || navigator.language);
  if (lang === 'de' && !TABLES.de) {
    try {
      const [own, overlay] = await Promise.all([import('./strings-de.js'), overlayGerman ? overlayGerman() : null]);
      if (overlay) Object.assign(OVERLAY.de, overlay.default);
      TABLES.de = own.default;
    } catch {
      lang = 'en';
    }
  }
  current = lang;
  document.documentElement.lang = current;
  return current;
}

/** The language in use, `en` or `de`. */
export function language() {
  return current;
}

/** The BCP 47 tag for Intl: the browser's own regional variant when it speaks the same language. */
export function intlLocale() {
  const own = (navigator.languages || [navigator.language]).find((tag) => languageOf(tag) === current && tag.toLowerCase().startsWith(current));
  return own || (current === 'de' ? 'de-DE' : 'en-US');
}

/**
 * The text for `key` with `{name}` placeholders filled from `vars`. With a numeric `count`, the
 * plural form `key.one` / `key.other` is chosen by the language's rules.
 */
export function t(key, vars = {}) {
  let k = key;
  if (typeof vars.count === 'number') {
    const form = new Intl.PluralRules(current).select(vars.count);
    const candidate = `${key}.${form}`;
    k = has(candidate) ? candidate : `${key}.other`;
  }
  const text = lookup(current, k) ?? lookup('en', k) ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

/** Whether a key exists (for labels of values the API may grow, such as new event types). */
export function has(key) {
  return key in en || key in OVERLAY.en;
}

/** A label for an API value (`status.succeeded`), or the value itself when it is new to us. */
export function label(prefix, value) {
  const key = `${prefix}.${value}`;
  return has(key) ? t(key) : String(value ?? '—');
}

/**
 * What to tell the person about an API error: in English the API's own message (the server's
 * words are authoritative), in German our translation of its code when we have one.
 */
export function errorText(error) {
  const code = error && error.code;
  const key = `error.${code}`;
  if (code === 'network_error') return t('error.network_error');
  if (current !== 'en' && has(key)) return t(key);
  return (error && error.message) || (has(key) ? t(key) : t('error.generic'));
}
