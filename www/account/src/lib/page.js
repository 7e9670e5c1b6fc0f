// Starting an account page: the language, who is signed in, the title, then the frame. Each page
// module calls one of these and fills the <main> it gets back.
import { h } from '../../../dashboard/src/lib/dom.js';
import { addStrings, chooseLanguage, errorText, t } from '../../../dashboard/src/lib/i18n.js';
import en from './strings-en.js';
import { loadAccount } from './session.js';
import { renderLayout, renderPublicLayout } from './layout.js';

// The account's own words over the dashboard's shared ones; German is fetched only by its readers.
// One static import per language, so the bundler makes each its own chunk.
addStrings(en, {
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
});

function titled(key) {
  const text = t(key);
  document.title = `${text} · Tessera`;
  return text;
}

/** A signed-in page: `{ account, main, heading }`. Nobody signed in: to the sign-in page. */
export async function startPage({ section, title }) {
  await chooseLanguage(null);
  const account = await loadAccount();
  const frame = renderLayout({ account, section, title: titled(title) });
  return { account, ...frame };
}

/** A page used before signing in (or with no sign-in at all); `footer` and `reload` as for renderPublicLayout. */
export async function startPublicPage({ title, footer, reload }) {
  await chooseLanguage(null);
  return renderPublicLayout({ title: titled(title), footer, reload });
}

/** Changes the page's title and its <h1> together (a page whose state changes what it is). */
export function retitle(heading, key) {
  heading.textContent = titled(key);
}

/** Runs a page's main function, turning a failure nobody caught into a visible, announced message. */
export function run(main) {
  main().catch((error) => {
    console.error(error);
    const target = document.getElementById('main') || document.body;
    target.append(h('div', { role: 'alert', class: 'notice notice-bad' }, errorText(error)));
  });
}

/** A "Loading…" line that a section replaces with its content. */
export function loading() {
  return h('p', { role: 'status', class: 'loading' }, t('common.loading'));
}
