// The phone step: a number in E.164, then the code texted to it. A number already proved is an
// authenticator, so changing it may first need a code to the current number
// (`reauthentication_required`); after that code the change goes ahead by itself.
import { h, replace } from '../../../dashboard/src/lib/dom.js';
import { t } from '../../../dashboard/src/lib/i18n.js';
import { button, field, liveRegion, onSubmit, validate, withBusy } from '../../../dashboard/src/lib/form.js';
import { api } from '../lib/api.js';
import { codeStep } from '../lib/code-step.js';

/** The number as E.164: spaces, dashes, dots and brackets dropped, a leading 00 made +. */
export function e164(value) {
  const compact = value.trim().replace(/[\s().-]/g, '');
  return compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
}

const phoneProblem = (value) => (!value ? t('phone.required') : /^\+[1-9]\d{6,14}$/.test(value) ? null : t('phone.invalid'));

export function phoneStep(account, { state, saved }) {
  const box = h('div', { class: 'stack' });

  function showDone(focus) {
    const change = button(t('phone.change'), { kind: 'secondary', onclick: () => showForm(true) });
    replace(box, h('p', null, t('phone.current', { phone: account.phone })), h('div', { class: 'actions' }, change));
    if (focus === true) change.focus();
  }
  const cancel = () => showDone(true);

  function showForm(changing, value = '') {
    const alert = liveRegion('alert');
    const phone = field({
      label: changing ? t('phone.new_label') : t('phone.label'),
      name: 'phone',
      type: 'tel',
      required: true,
      value,
      hint: t('phone.hint'),
      attrs: { autocomplete: 'tel', inputmode: 'tel', spellcheck: 'false' },
    });
    const actions = h('div', { class: 'actions' }, button(t('phone.send_code'), { type: 'submit' }), changing ? button(t('common.cancel'), { kind: 'secondary', onclick: cancel }) : null);
    const form = h('form', { class: 'stack', novalidate: true }, changing ? h('p', null, t('phone.change_intro')) : null, phone.wrap, alert, actions);
    onSubmit(form, alert, async () => {
      const number = e164(phone.control.value);
      validate([[phone, phoneProblem(number)]]);
      try {
        showCode(await api.post('/v1/me/phone', { phone: number }), number);
      } catch (error) {
        if (error.code === 'invalid_phone') {
          phone.setError(t('phone.invalid'));
          phone.control.focus();
        }
        if (error.code !== 'reauthentication_required') throw error;
        showReauth(number);
      }
    });
    replace(box, form);
    if (changing) phone.control.focus();
  }

  function showCode(code, number) {
    const id = encodeURIComponent(code.id);
    const step = codeStep({
      code,
      title: t('phone.code_title'),
      sentKey: 'phone.code_sent',
      label: t('phone.code'),
      hint: t('phone.code_hint'),
      verify: async (digits) => {
        const next = await api.post('/v1/me/phone/verify', { id: code.id, code: digits });
        saved(next, t('phone.saved', { phone: next.phone }));
      },
      resend: () => api.post(`/v1/me/codes/${id}/resend`),
      extra: h('p', null, button(t('phone.other_number'), { kind: 'link', onclick: () => showForm(!!account.phone, number) })),
    });
    replace(box, step.element);
    step.focus();
  }

  // Whoever holds only the mailbox must not take the phone too: a code to the current number first.
  function showReauth(number) {
    const alert = liveRegion('alert');
    const heading = h('h3', { tabindex: '-1' }, t('phone.reauth_title'));
    const send = button(t('phone.reauth_send'), {
      onclick: () =>
        withBusy(send, alert, async () => {
          const code = await api.post('/v1/me/phone/current');
          const id = encodeURIComponent(code.id);
          const step = codeStep({
            code,
            title: t('phone.reauth_code_title'),
            sentKey: 'phone.code_sent',
            label: t('phone.code'),
            hint: t('phone.code_hint'),
            submitLabel: t('phone.reauth_confirm'),
            verify: async (digits) => {
              await api.post('/v1/me/phone/current/verify', { id: code.id, code: digits });
              showCode(await api.post('/v1/me/phone', { phone: number }), number);
            },
            resend: () => api.post(`/v1/me/codes/${id}/resend`),
            extra: h('p', null, button(t('common.cancel'), { kind: 'link', onclick: cancel })),
          });
          replace(box, step.element);
          step.focus();
        }),
    });
    replace(
      box,
      heading,
      h('p', null, t('phone.reauth_body', { phone: account.phone, number })),
      h('p', { class: 'hint' }, t('phone.reauth_passkey')),
      h('div', { class: 'actions' }, send, button(t('common.cancel'), { kind: 'secondary', onclick: cancel })),
      alert,
    );
    heading.focus();
  }

  if (state === 'done') showDone();
  else showForm(false);
  return box;
}
