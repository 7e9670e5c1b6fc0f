// Accepting an invitation: signed in with the invited address (else to sign-in and back here),
// then "Join <business>", then home on that business.
import { api } from './lib/api.js';
import { h } from './lib/dom.js';
import { t } from './lib/i18n.js';
import { adopt, go, peekSession, signInUrl, signOut } from './lib/session.js';
import { button, liveRegion, withBusy } from './lib/form.js';
import { setMode } from './lib/mode.js';
import { run, startPublicPage } from './lib/page.js';

run(async () => {
  const token = new URLSearchParams(location.search).get('token') || '';
  const { main } = await startPublicPage({ title: 'invite.title' });
  const card = h('div', { class: 'card auth-card' });
  main.append(card);
  if (!token) {
    card.append(h('p', { class: 'notice notice-bad' }, t('invite.no_token')));
    return undefined;
  }
  const session = await peekSession();
  if (!session) return go(signInUrl());
  // The edge has no way yet to read an invitation before accepting it, so the business's name
  // (in the email) is not known here; `name` stays null and the button says "Join the business".
  const name = null;
  const alert = liveRegion('alert');
  const join = button(name ? t('invite.join', { name }) : t('invite.join_generic'), {
    onclick: () =>
      withBusy(join, alert, async () => {
        adopt(await api.post('/v1/dashboard/invites/accept', { token }));
        setMode('test');
        go('/dashboard/');
      }),
  });
  card.append(
    h('p', null, t('invite.signed_in_as', { email: session.user.email })),
    h('p', null, name ? t('invite.intro', { name }) : t('invite.intro_generic')),
    alert,
    h('div', { class: 'actions' }, join),
    h('p', { class: 'hint' }, t('invite.wrong_account')),
    button(t('invite.other_account'), { kind: 'secondary', onclick: () => signOut(signInUrl()) }),
  );
  return undefined;
});
