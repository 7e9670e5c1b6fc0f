// Starting a page: who is signed in, which language and time zone to use, which mode, then the
// frame. Each page's module calls one of these and fills the <main> it gets back.
import { api } from './api.js';
import { h } from './dom.js';
import { chooseLanguage, errorText, t } from './i18n.js';
import { setTimeZone } from './format.js';
import { mode, setMode } from './mode.js';
import { loadSession } from './session.js';
import { renderLayout, renderPublicLayout } from './layout.js';

/**
 * A signed-in page. `section` marks the navigation, `title` is a string key, `detail` pages go
 * to their list when the mode changes. The account is read only when the session does not carry
 * the merchant's time zone and locale.
 */
export async function startPage({ section, title, allowNoBusiness = false, detail = false, needAccount = false }) {
  const session = await loadSession({ allowNoBusiness });
  const merchant = session.merchant;
  let account = null;
  if (merchant && (needAccount || merchant.timezone === undefined || merchant.locale === undefined)) {
    account = await api.get('/v1/account').catch(() => null);
  }
  await chooseLanguage((merchant && merchant.locale) || (account && account.locale));
  setTimeZone((merchant && merchant.timezone) || (account && account.timezone));
  if (mode() === 'live' && !(merchant && merchant.live_mode_enabled)) setMode('test');
  const text = t(title);
  document.title = `${text} · Tessera`;
  const frame = renderLayout({ session, section, title: text, detail });
  return { session, account, role: session.role, ...frame };
}

/** A page used before signing in. */
export async function startPublicPage({ title }) {
  await chooseLanguage(null);
  const text = t(title);
  document.title = `${text} · Tessera`;
  return renderPublicLayout({ title: text });
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
