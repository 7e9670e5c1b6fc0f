// Every word the dashboard shows, in each of Tessera's languages. The language is the member's own
// choice when they made one on this browser, else the account's `locale`, else the browser's
// language, else English. A missing text falls back to English, never to a key. English ships with
// every page; each other language is its own chunk, fetched only by those who read it.
import en from './strings-en.js';

/** Tessera's languages, each named in itself; `rtl` ones are written right to left. */
export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'de', name: 'Deutsch' },
  { code: 'fr', name: 'Français' },
  { code: 'es', name: 'Español' },
  { code: 'it', name: 'Italiano' },
  { code: 'nl', name: 'Nederlands' },
  { code: 'pl', name: 'Polski' },
  { code: 'sv', name: 'Svenska' },
  { code: 'ja', name: '日本語' },
  { code: 'zh-Hans', name: '简体中文' },
  { code: 'ar', name: 'العربية', rtl: true },
];

// One static import per language, so the bundler makes each its own chunk.
const LOADERS = {
  de: () => import('./strings-de.js'),
  fr: () => import('./strings-fr.js'),
  es: () => import('./strings-es.js'),
  it: () => import('./strings-it.js'),
  nl: () => import('./strings-nl.js'),
  pl: () => import('./strings-pl.js'),
  sv: () => import('./strings-sv.js'),
  ja: () => import('./strings-ja.js'),
  'zh-Hans': () => import('./strings-zh-Hans.js'),
  ar: () => import('./strings-ar.js'),
};

const TABLES = { en };
const STORED = 'tessera.language';
let current = 'en';
// Another set of pages that reuses these modules (the shopper's account pages) lays its own words
// over the dashboard's: they win where both have a key. Empty for the dashboard itself.
const OVERLAY = Object.fromEntries(LANGUAGES.map((l) => [l.code, {}]));
let overlayLoaders = {};

/**
 * Lays `english` over the dashboard's strings; `loaders[code]()` resolves to that language's
 * module (`{ default: table }`) and is called only when the language is chosen.
 */
export function addStrings(english, loaders = {}) {
  Object.assign(OVERLAY.en, english);
  overlayLoaders = loaders;
}

const lookup = (lang, k) => OVERLAY[lang]?.[k] ?? TABLES[lang]?.[k];

/**
 * Ours for a BCP 47 tag (`de-AT`, `zh_CN`, `ar-EG`), else `en`. Chinese is Simplified unless the
 * tag asks for Traditional, which we lack.
 */
export function languageOf(tag) {
  const parts = String(tag || '').toLowerCase().split(/[-_]/);
  if (parts[0] === 'zh') return parts.slice(1).some((p) => ['hant', 'tw', 'hk', 'mo'].includes(p)) ? 'en' : 'zh-Hans';
  return LANGUAGES.find((l) => l.code === parts[0])?.code || 'en';
}

/** The language chosen on this browser (when the account's could not be changed), if any. */
export function storedLanguage() {
  try {
    const v = localStorage.getItem(STORED);
    return LANGUAGES.some((l) => l.code === v) ? v : null;
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
  if (lang !== 'en' && !TABLES[lang]) {
    try {
      const [own, overlay] = await Promise.all([LOADERS[lang](), overlayLoaders[lang] ? overlayLoaders[lang]() : null]);
      if (overlay) Object.assign(OVERLAY[lang], overlay.default);
      TABLES[lang] = own.default;
    } catch {
      lang = 'en';
    }
  }
  current = lang;
  document.documentElement.lang = current;
  document.documentElement.dir = LANGUAGES.find((l) => l.code === current).rtl ? 'rtl' : 'ltr';
  return current;
}

/** The language in use, one of `LANGUAGES`' codes. */
export function language() {
  return current;
}

/** The BCP 47 tag for Intl: the browser's own regional variant when it speaks the same language. */
export function intlLocale() {
  const own = (navigator.languages || [navigator.language]).find((tag) => languageOf(tag) === current && tag.toLowerCase().startsWith(current.toLowerCase().split('-')[0]));
  return own || current;
}

/**
 * The text for `key` with `{name}` placeholders filled from `vars`. With a numeric `count`, the
 * plural form `key.one` / `key.other` is chosen by the language's rules.
 */
export function t(key, vars = {}) {
  let k = key;
  if (typeof vars.count === 'number') {
    const form = new Intl.PluralRules(current).select(vars.count);
    const own = `${key}.${form}`;
    // The form this language's rules choose, else English's for the same count.
    k = lookup(current, own) !== undefined ? own : `${key}.${new Intl.PluralRules('en').select(vars.count)}`;
  }
  const text = lookup(current, k) ?? lookup('en', k) ?? lookup('en', `${key}.other`) ?? key;
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
 * words are authoritative), in another language our translation of its code when we have one.
 */
export function errorText(error) {
  const code = error && error.code;
  const key = `error.${code}`;
  if (code === 'network_error') return t('error.network_error');
  if (current !== 'en' && has(key)) return t(key);
  return (error && error.message) || (has(key) ? t(key) : t('error.generic'));
}
