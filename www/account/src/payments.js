// The payments the account made in card frames, newest first: each with where a claim on it
// stands, or a small form to report it as not made by the account's holder (someone else used
// the account). Shown on the overview.
import { h, replace, srOnly } from '../../dashboard/src/lib/dom.js';
import { errorText, t } from '../../dashboard/src/lib/i18n.js';
import { dateTime, money, timeElement } from '../../dashboard/src/lib/format.js';
import { badge } from '../../dashboard/src/lib/badge.js';
import { announce, button, field, liveRegion, onSubmit, validate } from '../../dashboard/src/lib/form.js';
import { sectionWith } from '../../dashboard/src/lib/section.js';
import { claimTextProblem } from '../../dashboard/src/lib/claim-text.js';
import { api } from './lib/api.js';

/** Where a claim stands; with the whole claim (just made), the merchant's deadline too. */
function claimLine(claim, merchant) {
  return h(
    'p',
    { class: 'paid-claim' },
    t('paid.claim'),
    ' ',
    badge(claim.status, 'claim_status'),
    claim.status === 'open' && claim.due_at ? [' ', t('paid.due', { merchant, due: dateTime(claim.due_at) })] : null,
  );
}

function reportForm(p, what, onReported) {
  const description = field({ label: t('paid.description'), name: 'description', type: 'textarea', required: true, hint: t('paid.description_hint'), attrs: { maxlength: '2000', rows: 3 } });
  const alert = liveRegion('alert');
  const form = h('form', { class: 'stack', novalidate: true }, description.wrap, alert, h('div', { class: 'actions' }, button(t('paid.submit'), { type: 'submit' })));
  onSubmit(form, alert, async () => {
    const text = description.control.value.trim();
    validate([[description, claimTextProblem(text)]]);
    onReported(await api.post(`/v1/me/payments/${encodeURIComponent(p.id)}/claim`, { description: text }));
  });
  return h('details', { class: 'paid-report' }, h('summary', null, t('paid.report'), srOnly(`: ${what}`)), form);
}

function paymentItem(p, status) {
  const what = t('paid.item', { amount: money(p.amount, p.currency), merchant: p.merchant.name });
  const outcome = h('div');
  if (p.claim) replace(outcome, claimLine(p.claim, p.merchant.name));
  else {
    replace(
      outcome,
      reportForm(p, what, (claim) => {
        const line = claimLine(claim, p.merchant.name);
        line.setAttribute('tabindex', '-1');
        replace(outcome, line);
        announce(status, t('paid.sent', { merchant: p.merchant.name, due: dateTime(claim.due_at) }));
        line.focus();
      }),
    );
  }
  return h('li', { class: 'paid-item' }, h('h3', null, what), h('p', { class: 'hint' }, timeElement(p.created_at, dateTime), ' · ', badge(p.status)), outcome);
}

export function paymentsSection() {
  const list = h('div', null, h('p', { class: 'loading' }, t('common.loading')));
  const status = liveRegion('status');
  const alert = liveRegion('alert');
  api
    .get('/v1/me/payments')
    .then(({ data }) => replace(list, data && data.length ? h('ul', { class: 'paid-list' }, data.map((p) => paymentItem(p, status))) : h('p', { class: 'empty' }, t('paid.none'))))
    .catch((error) => {
      replace(list);
      announce(alert, errorText(error));
    });
  return sectionWith({ id: 'payments' }, t('paid.title'), h('p', null, t('paid.intro')), list, status, alert);
}
