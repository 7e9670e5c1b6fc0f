// The email-and-code steps shared by sign-in and sign-up: an address, then the six-digit code
// sent to it. The API answers the same whether or not the address has an account, so this flow
// never says which it is.
import { api } from './api.js';
import { h, replace } from './dom.js';
import { errorText, t } from './i18n.js';
import { timeElement, dateTime } from './format.js';
import { adopt } from './session.js';
import { announce, button, field, liveRegion, onSubmit, validate } from './form.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Why an address cannot be sent to, or null. */
export function emailProblem(value) {
  if (!value) return t('form.email_required');
  return EMAIL.test(value) ? null : t('form.email_invalid');
}

/** Seconds until `at` (unix seconds), never negative. */
const secondsUntil = (at) => Math.max(0, Math.ceil(at - Date.now() / 1000));

/**
 * Renders the flow into `container`. `onSignedIn(session)` runs after a right code; `extra`
 * (nodes, e.g. the passkey button) is shown under the email form.
 */
export function emailCodeFlow(container, { onSignedIn, intro, extra }) {
  let address = '';

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
      const code = await api.post('/v1/dashboard/email_codes', { email: value });
      showCode(code);
    });
    replace(container, intro ? h('p', { class: 'lead' }, intro) : null, form, extra || null);
    if (focus) email.control.focus();
  }

  function showCode(code) {
    const alert = liveRegion('alert');
    const status = liveRegion('status');
    const heading = h('h2', { tabindex: '-1' }, t('signin.check_email'));
    const sentTo = h('p', null, t('signin.code_sent', { email: code.email_masked || address }), ' ', t('signin.code_expires'), ' ', timeElement(code.expires_at, dateTime), '.');
    const input = field({
      label: t('signin.code'),
      name: 'code',
      required: true,
      hint: t('signin.code_hint'),
      attrs: { inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '6', pattern: '[0-9]{6}', spellcheck: 'false', class: 'code-input' },
    });
    const form = h('form', { class: 'stack', novalidate: true }, input.wrap, alert, button(t('signin.verify'), { type: 'submit' }));
    onSubmit(form, alert, async () => {
      const value = input.control.value.replace(/\D/g, '');
      validate([[input, value.length === 6 ? null : t('signin.code_invalid')]]);
      try {
        const session = adopt(await api.post(`/v1/dashboard/email_codes/${encodeURIComponent(code.id)}/verify`, { code: value }));
        await onSignedIn(session);
      } catch (error) {
        if (error.code === 'incorrect_code') {
          const left = error.detail && error.detail.attempts_left;
          const text = [errorText(error), typeof left === 'number' ? t('signin.attempts_left', { count: left }) : ''].join(' ').trim();
          input.setError(text);
          input.control.select();
          announce(alert, text);
          return;
        }
        throw error;
      }
    });

    // Resending waits for the server's `resend_after`; the wait is shown, not announced every second.
    const resend = button(t('signin.resend'), { kind: 'link' });
    const wait = h('span', { class: 'hint' });
    let timer = null;
    const tick = () => {
      const left = secondsUntil(code.resend_after || 0);
      resend.disabled = left > 0;
      replace(wait, left > 0 ? t('signin.resend_wait', { count: left }) : '');
      if (left === 0 && timer) {
        clearInterval(timer);
        timer = null;
      }
    };
    const startTimer = () => {
      tick();
      if (!timer && secondsUntil(code.resend_after || 0) > 0) timer = setInterval(tick, 1000);
    };
    resend.addEventListener('click', async () => {
      alert.replaceChildren();
      try {
        const again = await api.post(`/v1/dashboard/email_codes/${encodeURIComponent(code.id)}/resend`);
        Object.assign(code, again);
        replace(sentTo, t('signin.code_sent', { email: code.email_masked || address }), ' ', t('signin.code_expires'), ' ', timeElement(code.expires_at, dateTime), '.');
        announce(status, t('signin.resent'));
        startTimer();
      } catch (error) {
        announce(alert, errorText(error));
        if (error.retryAfter) {
          code.resend_after = Date.now() / 1000 + error.retryAfter;
          startTimer();
        }
      }
    });
    const other = button(t('signin.other_email'), {
      kind: 'link',
      onclick: () => {
        if (timer) clearInterval(timer);
        showEmail(true);
      },
    });
    replace(container, heading, sentTo, form, h('div', { class: 'resend' }, resend, ' ', wait), status, h('p', null, other));
    startTimer();
    input.control.focus();
  }

  showEmail(false);
}
