// The Tessera window a card frame opens after a guest payment, to save that payment's card. The
// frame hands over a single-use offer by postMessage: heard only from the window that opened this
// one, on this origin, and kept in this tab's sessionStorage (never in the address) while the
// shopper signs in or up and proves a phone number, which saving a card needs. Then the card is
// saved to the account and the offer forgotten.
import { h, replace } from '../../dashboard/src/lib/dom.js';
import { errorText, t } from '../../dashboard/src/lib/i18n.js';
import { button, liveRegion, withBusy } from '../../dashboard/src/lib/form.js';
import { api } from './lib/api.js';
import { run, startPage, startPublicPage } from './lib/page.js';
import { phoneStep } from './verify/phone.js';

const KEY = 'tessera-save-offer';
const OFFER = /^cso_[a-z2-7]+$/;

/** The offer from the frame that opened this window, if it sends one within a few seconds. */
function receiveOffer() {
  const opener = window.opener;
  if (!opener) return Promise.resolve(null);
  return new Promise((resolve) => {
    let tries = 0;
    const ask = () => {
      opener.postMessage({ type: 'tessera:save-ready' }, location.origin);
      if (++tries > 20) done(null);
    };
    const timer = setInterval(ask, 250);
    function done(value) {
      clearInterval(timer);
      window.removeEventListener('message', listen);
      resolve(value);
    }
    function listen(event) {
      if (event.origin !== location.origin || event.source !== opener) return;
      const offer = event.data && event.data.type === 'tessera:save-offer' ? String(event.data.offer || '') : '';
      if (OFFER.test(offer)) done(offer);
    }
    window.addEventListener('message', listen);
    ask();
  });
}

const stored = () => {
  const offer = sessionStorage.getItem(KEY);
  return offer && OFFER.test(offer) ? offer : null;
};

run(async () => {
  if (!stored()) {
    const offer = await receiveOffer();
    if (offer) sessionStorage.setItem(KEY, offer);
  }
  const offer = stored();
  if (!offer) {
    const { main } = await startPublicPage({ title: 'save.title' });
    main.append(h('div', { class: 'card auth-card stack' }, h('p', { role: 'alert' }, t('save.no_offer')), h('p', null, h('a', { href: '/account/' }, t('save.to_account')))));
    return;
  }
  // Signed out: to sign in or up, and back here; the offer waits in this tab.
  const { account, main } = await startPage({ section: 'overview', title: 'save.title' });
  const card = h('div', { class: 'card stack' });
  main.append(card);
  const alert = liveRegion('alert');

  async function save() {
    try {
      const saved = await api.post('/v1/me/cards', { offer });
      sessionStorage.removeItem(KEY);
      const brand = saved.brand.charAt(0).toUpperCase() + saved.brand.slice(1);
      const close = button(t('save.close'), { onclick: () => window.close() });
      replace(card, h('p', { role: 'status', class: 'notice notice-good' }, t('save.done', { brand, last4: saved.last4 })), h('p', null, t('save.next_time')), h('div', { class: 'actions' }, close, h('a', { class: 'btn btn-secondary', href: '/account/' }, t('save.to_account'))));
      close.focus();
    } catch (error) {
      if (error.code === 'link_invalid') sessionStorage.removeItem(KEY);
      replace(card, h('p', { role: 'alert' }, error.code === 'link_invalid' ? t('save.expired') : errorText(error)), h('p', null, h('a', { href: '/account/' }, t('save.to_account'))));
    }
  }

  const unlocked = (a) => (a.capabilities || []).some((c) => c.name === 'save_cards' && c.unlocked);
  if (unlocked(account)) {
    const press = button(t('save.button'), { onclick: () => withBusy(press, alert, save) });
    replace(card, h('p', { class: 'lead' }, t('save.intro')), h('div', { class: 'actions' }, press), alert);
    return;
  }
  // Saving a card needs a proved phone: that step here, then the card.
  replace(
    card,
    h('p', { class: 'lead' }, t('save.needs_phone')),
    phoneStep(account, { state: 'todo', saved: async (next) => (unlocked(next) ? save() : null) }),
    alert,
  );
});
