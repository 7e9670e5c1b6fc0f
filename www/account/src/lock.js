// "This wasn't me": the link in a new-device or phone-change notice. One button locks the account,
// which ends every sign-in; the page then says how to unlock it. The token is read from the
// address once and taken out of it at once; it goes nowhere but the body of `POST /v1/me/lock`.
import { h, replace } from '../../dashboard/src/lib/dom.js';
import { errorText, t } from '../../dashboard/src/lib/i18n.js';
import { announce, button, liveRegion, withBusy } from '../../dashboard/src/lib/form.js';
import { api } from './lib/api.js';
import { retitle, run, startPublicPage } from './lib/page.js';

/** The token, and the address bar (and history) without it. */
function takeToken() {
  const params = new URLSearchParams(location.search);
  const token = params.get('token');
  if (token !== null) history.replaceState(null, '', location.pathname);
  return token && /^lck_[a-z2-7]+$/.test(token) ? token : null;
}

const howToUnlock = () => [
  h('h2', null, t('lock.unlock_title')),
  h(
    'ul',
    { class: 'stack' },
    h('li', null, h('strong', null, t('lock.unlock_passkey_title')), ' ', t('lock.unlock_passkey')),
    h('li', null, h('strong', null, t('lock.unlock_codes_title')), ' ', t('lock.unlock_codes')),
  ),
  h('p', null, t('lock.after')),
  h('p', null, h('a', { class: 'btn btn-primary', href: '/account/sign-in/' }, t('lock.to_sign_in'))),
];

run(async () => {
  const token = takeToken();
  const { main, heading } = await startPublicPage({ title: 'lock.title' });
  const card = h('div', { class: 'card auth-card stack' });
  main.append(card);
  if (!token) {
    replace(card, h('p', { role: 'alert' }, t('lock.no_token')), h('p', null, t('lock.no_token_help')), h('p', null, h('a', { href: '/account/sign-in/' }, t('lock.to_sign_in'))));
    return;
  }
  const alert = liveRegion('alert');
  const press = button(t('lock.button'), {
    kind: 'danger',
    onclick: () =>
      withBusy(press, null, async () => {
        alert.replaceChildren();
        try {
          await api.post('/v1/me/lock', { token }, { signedOutRedirect: false });
        } catch (error) {
          if (error.code !== 'link_invalid') {
            announce(alert, errorText(error));
            return;
          }
          retitle(heading, 'lock.invalid_title');
          replace(card, h('p', { role: 'alert' }, t('lock.invalid')), h('p', null, t('lock.invalid_help')), h('p', null, h('a', { href: '/account/sign-in/' }, t('lock.to_sign_in'))));
          heading.focus();
          return;
        }
        retitle(heading, 'lock.done_title');
        replace(card, h('p', { role: 'status' }, t('lock.done')), ...howToUnlock());
        heading.focus();
      }),
  });
  replace(
    card,
    h('p', { class: 'lead' }, t('lock.intro')),
    h('ul', null, h('li', null, t('lock.what_signs_out')), h('li', null, t('lock.what_refused')), h('li', null, t('lock.what_unlocks'))),
    h('div', { class: 'actions' }, press),
    alert,
  );
});
