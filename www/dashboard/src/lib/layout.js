// The frame around every signed-in page: a skip link, the header (business, test/live switch,
// who is signed in, sign out), the main navigation and <main id="main"> with the page's one <h1>.
import { api } from './api.js';
import { h } from './dom.js';
import { t, errorText } from './i18n.js';
import { mode, setMode } from './mode.js';
import { adopt, go, signOut } from './session.js';
import { button, field, liveRegion, announce } from './form.js';

const NAV = [
  ['home', '/dashboard/'],
  ['payments', '/dashboard/payments/'],
  ['disputes', '/dashboard/disputes/'],
  ['claims', '/dashboard/claims/'],
  ['invoices', '/dashboard/invoices/'],
  ['developers', '/dashboard/developers/'],
  ['settings', '/dashboard/settings/'],
];

const hrefOf = (section) => (NAV.find(([s]) => s === section) || NAV[0])[1];

/**
 * The test/live switch. Live stays off, with the reason beside it, until the business is verified
 * (the server would refuse live requests anyway). Switching reloads the page in the other mode;
 * a detail page goes to its list, since its object belongs to the mode it came from.
 */
function modeSwitch(session, section, detail) {
  const live = mode() === 'live';
  const enabled = !!(session.merchant && session.merchant.live_mode_enabled);
  const hint = h('p', { id: 'mode-hint', class: 'mode-hint' }, enabled ? t('layout.mode_hint_enabled') : t('layout.mode_hint_disabled'));
  const control = h(
    'button',
    {
      type: 'button',
      role: 'switch',
      class: 'switch',
      'aria-checked': live ? 'true' : 'false',
      'aria-describedby': 'mode-hint',
      disabled: !enabled && !live,
      onclick: () => {
        setMode(live ? 'test' : 'live');
        if (detail) go(hrefOf(section));
        else location.reload();
      },
    },
    h('span', { class: 'switch-track', 'aria-hidden': 'true' }, h('span', { class: 'switch-thumb' })),
    h('span', { class: 'switch-label' }, t('layout.live_mode')),
  );
  return h('div', { class: 'mode-switch' }, control, hint);
}

/** Moving between businesses for a member of several: a select and a button, never a select that navigates by itself. */
function businessSwitcher(session) {
  const list = session.memberships || [];
  if (list.length < 2) return h('p', { class: 'merchant-name' }, session.merchant ? session.merchant.name : '');
  const alert = liveRegion('alert');
  const pick = field({
    label: t('layout.business'),
    name: 'merchant',
    type: 'select',
    value: session.merchant && session.merchant.id,
    options: list.map((m) => ({ value: m.merchant, label: m.name })),
  });
  const form = h('form', { class: 'business-switch', novalidate: true }, pick.wrap, button(t('layout.switch'), { kind: 'secondary', type: 'submit' }), alert);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      adopt(await api.post('/v1/dashboard/session/merchant', { merchant: pick.control.value }));
      setMode('test');
      go('/dashboard/');
    } catch (error) {
      announce(alert, errorText(error));
    }
  });
  return form;
}

/** Builds the page frame; returns `{ main, heading }` for the page to fill. */
export function renderLayout({ session, section, title, detail = false }) {
  const live = mode() === 'live';
  const header = h(
    'header',
    { class: 'topbar' },
    live ? null : h('p', { class: 'mode-strip' }, h('strong', null, t('layout.test_mode')), ' ', t('layout.test_mode_note')),
    h(
      'div',
      { class: 'topbar-row' },
      h('a', { class: 'brand', href: '/dashboard/' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), 'Tessera'),
      businessSwitcher(session),
      modeSwitch(session, section, detail),
      h(
        'div',
        { class: 'account-menu' },
        h('span', { class: 'user-email' }, session.user.email),
        button(t('layout.sign_out'), { kind: 'secondary', onclick: () => signOut() }),
      ),
    ),
  );
  const nav = h(
    'nav',
    { class: 'sidenav', 'aria-label': t('layout.nav_label') },
    h(
      'ul',
      null,
      NAV.map(([key, href]) => h('li', null, h('a', { href, 'aria-current': key === section ? 'page' : null }, t(`nav.${key}`)))),
    ),
  );
  const heading = h('h1', { id: 'page-title', tabindex: '-1' }, title);
  const main = h('main', { id: 'main', tabindex: '-1', class: 'content' }, heading);
  document.body.className = live ? 'mode-live' : 'mode-test';
  document.body.replaceChildren(h('a', { class: 'skip-link', href: '#main' }, t('layout.skip')), header, nav, main);
  return { main, heading };
}

/** The frame of the pages used before signing in: the brand and <main>, no navigation. */
export function renderPublicLayout({ title }) {
  const heading = h('h1', { id: 'page-title', tabindex: '-1' }, title);
  const main = h('main', { id: 'main', tabindex: '-1', class: 'public' }, heading);
  document.body.className = 'public-page';
  document.body.replaceChildren(
    h('a', { class: 'skip-link', href: '#main' }, t('layout.skip')),
    h('header', { class: 'public-header' }, h('a', { class: 'brand', href: '/dashboard/' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), 'Tessera')),
    main,
  );
  return { main, heading };
}

/** Turns the live switch on after a verification made during this page's life (no reload needed). */
export function enableLiveMode() {
  const control = document.querySelector('.mode-switch [role=switch]');
  const hint = document.getElementById('mode-hint');
  if (control) control.disabled = false;
  if (hint) hint.textContent = t('layout.mode_hint_enabled');
}
