// One claim: what the shopper said, the payment it is about and the deadline; and, for the roles
// that move money, the two answers while it is open: refund the whole payment (confirmed in a
// dialog, sent with its own Idempotency-Key), or reject it with an explanation the shopper reads.
import { api, newIdempotencyKey } from './lib/api.js';
import { h, replace } from './lib/dom.js';
import { section } from './lib/section.js';
import { errorText, label, t } from './lib/i18n.js';
import { can } from './lib/roles.js';
import { dateTime, money, timeElement } from './lib/format.js';
import { descriptionList } from './lib/table.js';
import { badge } from './lib/badge.js';
import { confirmDialog } from './lib/dialog.js';
import { announce, button, field, liveRegion, onSubmit, validate } from './lib/form.js';
import { cardText } from './lib/payment-text.js';
import { claimDeadline, claimTextProblem, loadPayments } from './lib/claim-text.js';
import { run, startPage } from './lib/page.js';

function summary(c, p) {
  return descriptionList([
    [t('claim.status'), badge(c.status, 'claim_status')],
    [t('claim.due'), claimDeadline(c)],
    [t('claim.description'), h('p', { class: 'claim-text' }, c.description)],
    [t('claim.amount'), p ? money(p.amount, p.currency) : null],
    [t('claim.payment'), h('a', { href: `/dashboard/payment/?id=${encodeURIComponent(c.payment)}` }, c.payment)],
    [t('claim.card'), p ? cardText(p.card) : null],
    [t('claim.reported'), timeElement(c.created_at, dateTime)],
    [t('claim.via'), label('claim_via', c.via)],
    [t('claim.answered'), c.resolved_at ? timeElement(c.resolved_at, dateTime) : null],
    [t('claim.refund_id'), c.refund ? h('code', null, c.refund) : null],
    [t('claim.explanation_sent'), c.explanation ? h('p', { class: 'claim-text' }, c.explanation) : null],
    [t('claim.rule'), h('code', null, c.policy.rule)],
    [t('claim.id'), h('code', null, c.id)],
  ]);
}

/** Refund and Reject, for an open claim and a role that moves money. */
function answers(c, p, { onDone }) {
  const path = `/v1/claims/${encodeURIComponent(c.id)}`;
  const amount = p ? money(p.amount, p.currency) : t('claim.the_payment');
  const refundAlert = liveRegion('alert');
  const refund = button(t('claim.refund'), {
    onclick: async () => {
      const key = newIdempotencyKey();
      const done = await confirmDialog({
        title: t('claim.refund_title', { amount }),
        body: h('p', null, t('claim.refund_body', { amount, card: p ? cardText(p.card) : '—' })),
        onConfirm: () => api.post(`${path}/refund`, undefined, { idempotencyKey: key }),
      });
      if (done) await onDone(t('claim.refunded', { amount }));
    },
  });

  const explanation = field({
    label: t('claim.explanation'),
    name: 'explanation',
    type: 'textarea',
    required: true,
    hint: t('claim.explanation_hint'),
    attrs: { maxlength: '2000', rows: 4 },
  });
  const rejectAlert = liveRegion('alert');
  const form = h('form', { class: 'stack', novalidate: true }, explanation.wrap, rejectAlert, h('div', { class: 'actions' }, button(t('claim.reject'), { type: 'submit', kind: 'danger' })));
  onSubmit(form, rejectAlert, async () => {
    const text = explanation.control.value.trim();
    validate([[explanation, claimTextProblem(text)]]);
    const done = await confirmDialog({
      title: t('claim.reject_title'),
      body: [h('p', null, t('claim.reject_body')), h('blockquote', { class: 'claim-text' }, text)],
      confirmLabel: t('claim.reject'),
      danger: true,
      onConfirm: () => api.post(`${path}/reject`, { explanation: text }),
    });
    if (done) await onDone(t('claim.rejected'));
  });

  return [
    section(t('claim.refund_section'), h('p', null, t('claim.refund_intro', { amount })), h('div', { class: 'actions' }, refund), refundAlert),
    section(t('claim.reject_section'), h('p', null, t('claim.reject_intro')), form),
  ];
}

run(async () => {
  const { main, heading, role } = await startPage({ section: 'claims', title: 'claim.title', detail: true });
  const id = new URLSearchParams(location.search).get('id') || '';
  const status = liveRegion('status');
  const body = h('div', { class: 'stack-lg' }, h('p', { class: 'loading' }, t('common.loading')));
  main.prepend(h('p', { class: 'breadcrumb' }, h('a', { href: '/dashboard/claims/' }, t('claim.back'))));
  main.append(status, body);
  if (!/^clm_[A-Za-z0-9]+$/.test(id)) {
    replace(body, h('p', { class: 'notice notice-bad' }, t('claim.no_id')));
    return;
  }

  async function refresh(message) {
    let c;
    try {
      c = await api.get(`/v1/claims/${encodeURIComponent(id)}`);
    } catch (error) {
      replace(body, h('p', { class: 'notice notice-bad' }, error.code === 'resource_missing' ? t('claim.missing') : errorText(error)));
      return;
    }
    const p = (await loadPayments([c], new Map())).get(c.payment);
    const title = p ? t('claim.heading', { amount: money(p.amount, p.currency) }) : t('claim.title');
    replace(heading, title);
    document.title = `${title} · Tessera`;
    replace(
      body,
      section(t('claim.summary'), summary(c, p)),
      c.status === 'open' && can(role, 'money') ? answers(c, p, { onDone: refresh }) : null,
    );
    if (message) {
      announce(status, message);
      heading.focus();
    }
  }
  await refresh();
});
