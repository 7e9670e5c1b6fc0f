// The frame of every account page: a skip link, the header (Tessera, who is signed in, sign out),
// the account's navigation, <main id="main"> with the page's one <h1>, and a footer with the
// language. Pages used before signing in (sign-in, lock) get the same without navigation.
import { h } from '../../../dashboard/src/lib/dom.js';
import { LANGUAGES, language, storeLanguage, t } from '../../../dashboard/src/lib/i18n.js';
import { button } from '../../../dashboard/src/lib/form.js';
import { signOut } from './session.js';

const NAV = [
  ['overview', '/account/'],
  ['verify', '/account/verify/'],
  ['security', '/account/security/'],
  ['activity', '/account/activity/'],
  ['data', '/account/data/'],
];

const brand = () =>
  h('a', { class: 'brand', href: '/account/' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), 'Tessera', h('span', { class: 'brand-sub' }, t('layout.account')));

/**
 * The footer's words (`footer` a string key) and a choice of language, each named in itself;
 * choosing one is remembered on this browser and shown by `reload` (the page loaded again, by
 * default).
 */
function languageSwitch(footer, reload = () => location.reload()) {
  const id = 'footer-language';
  const choose = (event) => {
    storeLanguage(event.target.value);
    reload();
  };
  const select = h('select', { id, value: language(), onchange: choose }, LANGUAGES.map((l) => h('option', { value: l.code, lang: l.code }, l.name)));
  return h('footer', { class: 'account-footer' }, h('p', null, t(footer)), h('p', { class: 'language-pick' }, h('label', { for: id }, t('layout.language')), ' ', select));
}

function frame(header, nav, title, bodyClass, footer = 'layout.footer', reload) {
  const heading = h('h1', { id: 'page-title', tabindex: '-1' }, title);
  const main = h('main', { id: 'main', tabindex: '-1', class: nav ? 'content' : 'public' }, heading);
  document.body.className = bodyClass;
  document.body.replaceChildren(...[h('a', { class: 'skip-link', href: '#main' }, t('layout.skip')), header, nav, main, languageSwitch(footer, reload)].filter(Boolean));
  return { main, heading };
}

/** A signed-in page; `section` marks the navigation. Returns `{ main, heading }` for the page to fill. */
export function renderLayout({ account, section, title }) {
  const header = h(
    'header',
    { class: 'topbar' },
    h(
      'div',
      { class: 'topbar-row' },
      brand(),
      h('div', { class: 'account-menu' }, h('span', { class: 'user-email' }, account.email), button(t('layout.sign_out'), { kind: 'secondary', onclick: () => signOut() })),
    ),
  );
  const nav = h(
    'nav',
    { class: 'sidenav', 'aria-label': t('layout.nav_label') },
    h('ul', null, NAV.map(([key, href]) => h('li', null, h('a', { href, 'aria-current': key === section ? 'page' : null }, t(`nav.${key}`))))),
  );
  return frame(header, nav, title, 'account-page');
}

/**
 * A page used without a sign-in: the brand and <main>, no navigation. `footer` is a string key for
 * the footer's words; `reload` loads the page again in the chosen language (a page that took a
 * token out of its address puts it back first).
 */
export function renderPublicLayout({ title, footer, reload }) {
  return frame(h('header', { class: 'public-header' }, brand()), null, title, 'public-page', footer, reload);
}
