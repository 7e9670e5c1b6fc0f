// One six-digit code step, for every code the account sends: the sign-in code by email, the SMS
// that unlocks a locked account, the code to a new phone number and the one to the current number.
// It says where the code went and until when, takes the six digits, and offers a new code once the
// server's `resend_after` has passed. A wrong code is shown on the field with the tries left.
import { h, replace } from '../../../dashboard/src/lib/dom.js';
import { errorText, t } from '../../../dashboard/src/lib/i18n.js';
import { dateTime, timeElement } from '../../../dashboard/src/lib/format.js';
import { announce, button, field, liveRegion, onSubmit, validate } from '../../../dashboard/src/lib/form.js';

/** Seconds until `at` (unix seconds), never negative. */
const secondsUntil = (at) => Math.max(0, Math.ceil(at - Date.now() / 1000));

/**
 * `code` is the API's `account_code`; `sentKey` a string key taking `{to}`; `verify(digits)` does
 * the work; `resend()` (optional) asks for a new code on the same id and resolves with it. Errors
 * that mean more than a wrong code (a locked account, a block) go to `onError(error)`, which
 * returns true when it dealt with them. `extra` goes under the form. Returns `{ element, focus }`.
 */
export function codeStep({ code, title, sentKey, label, hint, submitLabel = t('code.verify'), verify, resend, onError, extra }) {
  const alert = liveRegion('alert');
  const status = liveRegion('status');
  const heading = h('h2', { tabindex: '-1' }, title);
  const sent = h('p');
  const showSent = () => replace(sent, t(sentKey, { to: code.destination_masked }), ' ', t('code.expires'), ' ', timeElement(code.expires_at, dateTime), '.');
  showSent();
  const input = field({
    label,
    name: 'code',
    required: true,
    hint,
    attrs: { inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '6', pattern: '[0-9]{6}', spellcheck: 'false', class: 'code-input' },
  });
  const form = h('form', { class: 'stack', novalidate: true }, input.wrap, alert, button(submitLabel, { type: 'submit' }));
  onSubmit(form, alert, async () => {
    const value = input.control.value.replace(/\D/g, '');
    validate([[input, value.length === 6 ? null : t('code.invalid')]]);
    try {
      await verify(value);
    } catch (error) {
      if (onError && onError(error)) return;
      if (['incorrect_code', 'code_locked', 'code_expired'].includes(error.code)) {
        const left = error.detail && error.detail.attempts_left;
        const text = [errorText(error), typeof left === 'number' ? t('code.attempts_left', { count: left }) : '', error.code !== 'incorrect_code' && resend ? t('code.ask_new') : '']
          .filter(Boolean)
          .join(' ');
        input.setError(text);
        input.control.select();
        announce(alert, text);
        return;
      }
      throw error;
    }
  });

  let resendRow = null;
  if (resend) {
    // The wait is shown, not announced every second.
    const again = button(t('code.resend'), { kind: 'link' });
    const wait = h('span', { class: 'hint' });
    let timer = null;
    const tick = () => {
      const left = secondsUntil(code.resend_after || 0);
      again.disabled = left > 0;
      replace(wait, left > 0 ? t('code.resend_wait', { count: left }) : '');
      if (left === 0 && timer) {
        clearInterval(timer);
        timer = null;
      }
    };
    const start = () => {
      tick();
      if (!timer && secondsUntil(code.resend_after || 0) > 0) {
        timer = setInterval(() => {
          if (again.isConnected) return tick();
          clearInterval(timer);
          timer = null;
          return undefined;
        }, 1000);
      }
    };
    again.addEventListener('click', async () => {
      alert.replaceChildren();
      try {
        Object.assign(code, await resend());
        showSent();
        input.clearError();
        announce(status, t('code.resent'));
        start();
      } catch (error) {
        if (onError && onError(error)) return;
        announce(alert, errorText(error));
        if (error.code === 'resend_limit') {
          again.disabled = true;
        } else if (error.retryAfter) {
          code.resend_after = Date.now() / 1000 + error.retryAfter;
          start();
        }
      }
    });
    resendRow = h('div', { class: 'resend' }, again, ' ', wait);
    start();
  }
  const element = h('div', { class: 'stack code-step' }, heading, sent, form, resendRow, status, extra || null);
  return { element, focus: () => input.control.focus() };
}
