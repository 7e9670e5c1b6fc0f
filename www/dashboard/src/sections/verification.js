// Verification: where the business stands, how it got there, and the form that starts it.
import { api } from '../lib/api.js';
import { h, replace } from '../lib/dom.js';
import { label, t } from '../lib/i18n.js';
import { can } from '../lib/roles.js';
import { mode } from '../lib/mode.js';
import { dateTime, timeElement } from '../lib/format.js';
import { dataTable, descriptionList } from '../lib/table.js';
import { badge } from '../lib/badge.js';
import { announce, button, field, liveRegion, onSubmit, validate } from '../lib/form.js';
import { sectionWith } from '../lib/section.js';

const OPEN = ['unverified', 'rejected'];

export function verificationSection({ role, account, onChanged }) {
  const body = h('div', { class: 'stack' });
  const status = liveRegion('status');

  function render(acc) {
    const v = acc.verification || { status: 'unverified', history: [] };
    const form = can(role, 'business') && OPEN.includes(v.status) ? verifyForm(acc) : null;
    replace(
      body,
      descriptionList([
        [t('verification.status'), badge(v.status)],
        [t('verification.reason'), v.reason || null],
        [t('verification.company_number'), (acc.business && acc.business.company_number) || null],
        [t('verification.live_mode'), acc.live_mode_enabled ? t('verification.live_on') : t('verification.live_off')],
      ]),
      h('p', null, t(`verification.explain_${v.status}`)),
      form,
      sectionWith(
        { level: 3, className: 'subsection' },
        t('verification.history'),
        dataTable({
          caption: t('verification.history'),
          hideCaption: true,
          columns: [
            { label: t('verification.col_at'), cell: (x) => timeElement(x.at, dateTime) },
            { label: t('verification.col_from'), cell: (x) => label('status', x.from) },
            { label: t('verification.col_to'), cell: (x) => label('status', x.to) },
            { label: t('verification.col_reason'), cell: (x) => x.reason || '—', wrap: true },
            { label: t('verification.col_by'), cell: (x) => x.by || '—' },
          ],
          rows: v.history || [],
          empty: t('verification.no_history'),
        }),
      ),
    );
  }

  function verifyForm(acc) {
    const number = field({
      label: t('verification.company_number'),
      name: 'company_number',
      required: true,
      value: (acc.business && acc.business.company_number) || '',
      hint: mode() === 'test' ? t('verification.test_numbers') : t('verification.number_hint'),
      attrs: { autocomplete: 'off', spellcheck: 'false', maxlength: '32' },
    });
    const alert = liveRegion('alert');
    const form = h('form', { class: 'stack', novalidate: true }, number.wrap, alert, h('div', { class: 'actions' }, button(t('verification.submit'), { type: 'submit' })));
    onSubmit(form, alert, async () => {
      const value = number.control.value.trim();
      validate([[number, /^[A-Za-z0-9 \-/.]{1,32}$/.test(value) ? null : t('verification.number_invalid')]]);
      const saved = await api.post('/v1/account/verification', { company_number: value });
      render(saved);
      announce(status, t('verification.started', { status: label('status', saved.verification.status) }));
      onChanged?.(saved);
      document.getElementById('verification')?.querySelector('h2')?.focus();
    });
    return form;
  }

  render(account || {});
  const el = sectionWith({ id: 'verification' }, t('settings.verification'), body, status);
  el.querySelector('h2').tabIndex = -1;
  return el;
}
