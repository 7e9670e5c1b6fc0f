// Sign in: an email code, or a passkey. Afterwards to `?next=` when it is a dashboard path on
// this origin, else home.
import { h } from './lib/dom.js';
import { t } from './lib/i18n.js';
import { adopt, go, peekSession, safeNext } from './lib/session.js';
import { button, liveRegion, withBusy } from './lib/form.js';
import { emailCodeFlow } from './lib/email-code.js';
import { passkeysSupported } from './lib/passkey.js';
import { signInWithPasskey } from './lib/passkey-actions.js';
import { run, startPublicPage } from './lib/page.js';

const next = () => safeNext(new URLSearchParams(location.search).get('next')) || '/dashboard/';

run(async () => {
  const { main } = await startPublicPage({ title: 'signin.title' });
  const card = h('div', { class: 'card auth-card' });
  main.append(card);
  if (await peekSession()) return go(next());

  const passkeyAlert = liveRegion('alert');
  const passkey = passkeysSupported()
    ? h(
        'div',
        { class: 'passkey-option' },
        h('p', { class: 'divider' }, h('span', null, t('signin.or'))),
        button(t('signin.with_passkey'), {
          kind: 'secondary',
          onclick: (event) =>
            withBusy(event.currentTarget, passkeyAlert, async () => {
              adopt(await signInWithPasskey());
              go(next());
            }),
        }),
        passkeyAlert,
      )
    : null;
  emailCodeFlow(card, {
    intro: t('signin.intro'),
    extra: [passkey, h('p', { class: 'switch-flow' }, t('signin.new_here'), ' ', h('a', { href: '/dashboard/sign-up/' }, t('signin.create_account')))],
    onSignedIn: () => go(next()),
  });
  return undefined;
});
