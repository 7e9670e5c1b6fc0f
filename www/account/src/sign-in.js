// Sign in, or up: an email address, then the six-digit code sent to it (a new address becomes an
// account); or a passkey. A locked account asks for the code sent by SMS as well. Afterwards to
// `?next=` when it is an account page on this origin, else the overview.
import { h, replace } from '../../dashboard/src/lib/dom.js';
import { t } from '../../dashboard/src/lib/i18n.js';
import { button, field, liveRegion, onSubmit, validate, withBusy } from '../../dashboard/src/lib/form.js';
import { emailProblem } from '../../dashboard/src/lib/email-code.js';
import { passkeysSupported } from '../../dashboard/src/lib/passkey.js';
import { api } from './lib/api.js';
import { codeStep } from './lib/code-step.js';
import { signInWithPasskey } from './lib/passkeys.js';
import { go, peekAccount, safeNext } from './lib/session.js';
import { blockedText } from './lib/wait.js';
import { run, startPublicPage } from './lib/page.js';

const next = () => safeNext(new URLSearchParams(location.search).get('next')) || '/account/';

run(async () => {
  const { main } = await startPublicPage({ title: 'signin.title' });
  const card = h('div', { class: 'card auth-card' });
  main.append(card);
  if (await peekAccount()) return go(next());
  let address = '';

  /** "Sign in with a passkey", with its own alert; also what unlocks a locked account. */
  function passkeyOption(label = t('signin.with_passkey')) {
    if (!passkeysSupported()) return null;
    const alert = liveRegion('alert');
    const press = button(label, {
      kind: 'secondary',
      onclick: () =>
        withBusy(press, alert, async () => {
          await signInWithPasskey();
          await go(next());
        }),
    });
    return h('div', { class: 'passkey-option' }, h('p', { class: 'divider' }, h('span', null, t('signin.or'))), press, alert);
  }

  const otherEmail = () => h('p', null, button(t('signin.other_email'), { kind: 'link', onclick: () => showEmail(true) }));

  /** Shows a state of the card whose heading takes the focus (a block, a lock without a phone). */
  function showState(title, ...body) {
    const heading = h('h2', { tabindex: '-1' }, title);
    replace(card, heading, ...body);
    heading.focus();
  }

  /** What the sign-in code led to when it was not a sign-in: the caller's alert otherwise. */
  function onError(error) {
    if (error.code === 'account_locked') {
      const sms = error.detail && error.detail.unlock && error.detail.unlock.sms_code;
      if (sms) showUnlock(sms);
      else showState(t('unlock.title'), h('p', null, t('unlock.passkey_only')), passkeyOption(t('unlock.with_passkey')), otherEmail());
      return true;
    }
    if (error.code === 'sign_in_blocked') {
      showState(t('signin.blocked_title'), h('p', { role: 'alert' }, blockedText(error)), h('p', null, t('signin.blocked_passkey')), passkeyOption(), otherEmail());
      return true;
    }
    return false;
  }

  function showEmail(focus) {
    const alert = liveRegion('alert');
    const email = field({
      label: t('signin.email'),
      name: 'email',
      type: 'email',
      required: true,
      value: address,
      attrs: { autocomplete: 'email', spellcheck: 'false', autocapitalize: 'none' },
    });
    const form = h('form', { class: 'stack', novalidate: true }, email.wrap, alert, button(t('signin.send_code'), { type: 'submit' }));
    onSubmit(form, alert, async () => {
      const value = email.control.value.trim();
      validate([[email, emailProblem(value)]]);
      address = value;
      try {
        showCode(await api.post('/v1/me/codes', { email: value }));
      } catch (error) {
        if (!onError(error)) throw error;
      }
    });
    replace(card, h('p', { class: 'lead' }, t('signin.intro')), form, passkeyOption());
    if (focus) email.control.focus();
  }

  function showCode(code) {
    const id = encodeURIComponent(code.id);
    const step = codeStep({
      code,
      title: t('signin.check_email'),
      sentKey: 'signin.code_sent',
      label: t('signin.code'),
      hint: t('signin.code_hint'),
      verify: async (digits) => {
        await api.post(`/v1/me/codes/${id}/verify`, { code: digits });
        await go(next());
      },
      resend: () => api.post(`/v1/me/codes/${id}/resend`),
      onError,
      extra: otherEmail(),
    });
    replace(card, step.element);
    step.focus();
  }

  // The email code was right but the account is locked: the SMS code sent now unlocks it.
  function showUnlock(sms) {
    const step = codeStep({
      code: sms,
      title: t('unlock.title'),
      sentKey: 'unlock.code_sent',
      label: t('unlock.code'),
      hint: t('unlock.code_hint'),
      submitLabel: t('unlock.submit'),
      verify: async (digits) => {
        await api.post('/v1/me/unlock', { id: sms.id, code: digits });
        await go(next());
      },
      onError: (error) => error.code === 'sign_in_blocked' && onError(error),
      extra: [h('p', { class: 'hint' }, t('unlock.no_code')), otherEmail(), passkeyOption(t('unlock.with_passkey'))],
    });
    replace(card, h('p', { class: 'notice' }, t('unlock.intro')), step.element);
    step.focus();
  }

  showEmail(false);
  return undefined;
});
