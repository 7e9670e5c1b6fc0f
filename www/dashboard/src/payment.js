// One payment: its summary, what the member's role may do to it (capture, cancel, refund, each
// confirmed in a dialog and sent with its own Idempotency-Key), its timeline and its refunds.
import { api, newIdempotencyKey } from './lib/api.js';
import { h, replace } from './lib/dom.js';
import { section } from './lib/section.js';
import { errorText, label, t } from './lib/i18n.js';
import { can } from './lib/roles.js';
import { dateTime, money, timeElement } from './lib/format.js';
import { parseMajor, toMajorInput } from './lib/currency.js';
import { dataTable, descriptionList } from './lib/table.js';
import { badge } from './lib/badge.js';
import { confirmDialog } from './lib/dialog.js';
import { timeline } from './lib/timeline.js';
import { announce, button, field, liveRegion, onSubmit, validate } from './lib/form.js';
import { cardText, shopperEmail } from './lib/payment-text.js';
import { run, startPage } from './lib/page.js';

const REASONS = ['requested_by_customer', 'duplicate', 'fraudulent'];


/** An amount field for part or all of `max`, checked against it. */
function amountField(p, max, hint) {
  return field({ label: t('payment.amount'), name: 'amount', value: toMajorInput(max, p.currency), hint, attrs: { inputmode: 'decimal', autocomplete: 'off' } });
}

function amountProblem(minor, max, p) {
  if (minor == null || minor <= 0) return t('payment.amount_invalid');
  if (minor > max) return t('payment.amount_too_large', { max: money(max, p.currency) });
  return null;
}

/** The actions an owner or admin may take now; nothing at all for other roles. */
function actions(p, { onDone }) {
  const out = [];
  const alert = liveRegion('alert');
  if (p.status === 'requires_capture') {
    const max = p.amount_capturable || p.amount;
    const amount = amountField(p, max, t('payment.capture_hint', { max: money(max, p.currency) }));
    const form = h('form', { class: 'stack', novalidate: true }, amount.wrap, alert, h('div', { class: 'actions' }, button(t('payment.capture'), { type: 'submit' })));
    onSubmit(form, alert, async () => {
      const minor = parseMajor(amount.control.value, p.currency);
      validate([[amount, amountProblem(minor, max, p)]]);
      const shown = money(minor, p.currency);
      const key = newIdempotencyKey();
      const done = await confirmDialog({
        title: t('payment.capture_title', { amount: shown }),
        body: h('p', null, minor < max ? t('payment.capture_body_partial', { amount: shown, rest: money(max - minor, p.currency) }) : t('payment.capture_body', { amount: shown })),
        onConfirm: () => api.post(`/v1/payments/${encodeURIComponent(p.id)}/capture`, { amount: minor }, { idempotencyKey: key }),
      });
      if (done) await onDone(t('payment.captured', { amount: shown }));
    });
    const cancelAlert = liveRegion('alert');
    const cancel = button(t('payment.cancel'), {
      kind: 'danger',
      onclick: async () => {
        const key = newIdempotencyKey();
        const done = await confirmDialog({
          title: t('payment.cancel_title', { amount: money(max, p.currency) }),
          body: h('p', null, t('payment.cancel_body', { amount: money(max, p.currency) })),
          confirmLabel: t('dialog.confirm'),
          danger: true,
          onConfirm: () => api.post(`/v1/payments/${encodeURIComponent(p.id)}/cancel`, undefined, { idempotencyKey: key }),
        });
        if (done) await onDone(t('payment.canceled'));
      },
    });
    out.push(section(t('payment.capture_section'), h('p', null, t('payment.capture_intro')), form), section(t('payment.cancel_section'), h('p', null, t('payment.cancel_intro')), cancel, cancelAlert));
  }
  const refundable = (p.amount_captured || 0) - (p.amount_refunded || 0);
  if (refundable > 0 && p.disputed) out.push(section(t('payment.refund_section'), h('p', null, t('payment.disputed_no_refund'))));
  else if (refundable > 0) {
    const amount = amountField(p, refundable, t('payment.refund_hint', { max: money(refundable, p.currency) }));
    const reason = field({ label: t('payment.reason'), name: 'reason', type: 'select', value: 'requested_by_customer', options: REASONS.map((r) => ({ value: r, label: label('refund_reason', r) })) });
    const refundAlert = liveRegion('alert');
    const form = h('form', { class: 'stack', novalidate: true }, h('div', { class: 'row' }, amount.wrap, reason.wrap), refundAlert, h('div', { class: 'actions' }, button(t('payment.refund'), { type: 'submit' })));
    onSubmit(form, refundAlert, async () => {
      const minor = parseMajor(amount.control.value, p.currency);
      validate([[amount, amountProblem(minor, refundable, p)]]);
      const shown = money(minor, p.currency);
      const key = newIdempotencyKey();
      const done = await confirmDialog({
        title: t('payment.refund_title', { amount: shown }),
        body: h('p', null, t('payment.refund_body', { amount: shown, card: cardText(p.card), reason: label('refund_reason', reason.control.value) })),
        onConfirm: () => api.post('/v1/refunds', { payment: p.id, amount: minor, reason: reason.control.value }, { idempotencyKey: key }),
      });
      if (done) await onDone(t('payment.refunded', { amount: shown }));
    });
    out.push(section(t('payment.refund_section'), form));
  }
  return out;
}

function summary(p) {
  return descriptionList([
    [t('payment.amount'), money(p.amount, p.currency)],
    [t('payment.captured_amount'), money(p.amount_captured || 0, p.currency)],
    [t('payment.refunded_amount'), money(p.amount_refunded || 0, p.currency)],
    [t('payment.status'), [badge(p.status), p.disputed ? [' ', badge('disputed')] : null]],
    [t('payment.card'), cardText(p.card)],
    [t('payment.reference'), p.reference || '—'],
    [t('payment.shopper_email'), shopperEmail(p)],
    [t('payment.capture_method'), label('capture_method', p.capture_method)],
    [t('payment.mode'), p.livemode ? t('common.live') : t('common.test')],
    [t('payment.created'), timeElement(p.created_at, dateTime)],
    [t('payment.decline_code'), p.decline_code ? label('decline', p.decline_code) : null],
    [t('payment.id'), h('code', null, p.id)],
  ]);
}

function refundsTable(list, p) {
  return dataTable({
    caption: t('payment.refunds'),
    hideCaption: true,
    columns: [
      { label: t('payment.col_created'), cell: (r) => timeElement(r.created_at, dateTime) },
      { label: t('payment.amount'), cell: (r) => money(r.amount, r.currency || p.currency), numeric: true },
      { label: t('payment.status'), cell: (r) => badge(r.status) },
      { label: t('payment.reason'), cell: (r) => (r.reason ? label('refund_reason', r.reason) : '—') },
      { label: t('payment.id'), cell: (r) => h('code', null, r.id) },
    ],
    rows: list,
    empty: t('payment.no_refunds'),
  });
}

run(async () => {
  const { main, heading, role } = await startPage({ section: 'payments', title: 'payment.title', detail: true });
  const id = new URLSearchParams(location.search).get('id') || '';
  const status = liveRegion('status');
  const alert = liveRegion('alert');
  const body = h('div', { class: 'stack-lg' }, h('p', { class: 'loading' }, t('common.loading')));
  main.prepend(h('p', { class: 'breadcrumb' }, h('a', { href: '/dashboard/payments/' }, t('payment.back'))));
  main.append(status, alert, body);
  if (!/^pay_[A-Za-z0-9]+$/.test(id)) {
    replace(body, h('p', { class: 'notice notice-bad' }, t('payment.no_id')));
    return;
  }

  async function refresh(message) {
    let p;
    try {
      p = await api.get(`/v1/payments/${encodeURIComponent(id)}`);
    } catch (error) {
      replace(body, h('p', { class: 'notice notice-bad' }, error.code === 'resource_missing' ? t('payment.missing') : errorText(error)));
      return;
    }
    const [events, refunds] = await Promise.all([
      api.get(`/v1/payments/${encodeURIComponent(id)}/timeline`).catch(() => ({ data: [] })),
      api.get('/v1/refunds', { payment: id, limit: 100 }).catch(() => ({ data: [] })),
    ]);
    replace(heading, t('payment.heading', { amount: money(p.amount, p.currency) }));
    document.title = `${t('payment.heading', { amount: money(p.amount, p.currency) })} · Tessera`;
    replace(
      body,
      section(t('payment.summary'), summary(p)),
      can(role, 'money') ? actions(p, { onDone: refresh }) : null,
      section(t('payment.timeline'), timeline(events.data || [], p)),
      section(t('payment.refunds'), refundsTable(refunds.data || [], p)),
    );
    if (message) {
      announce(status, message);
      heading.focus();
    }
  }
  await refresh();
});
