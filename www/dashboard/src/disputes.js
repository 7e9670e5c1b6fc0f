// Disputes: those waiting for an answer first, soonest deadline first, each with its evidence
// form (owners and admins); under review and closed ones below.
import { api } from './lib/api.js';
import { h, replace, uid } from './lib/dom.js';
import { label, t } from './lib/i18n.js';
import { can } from './lib/roles.js';
import { date, dateTime, money, timeElement } from './lib/format.js';
import { dataTable, descriptionList } from './lib/table.js';
import { badge } from './lib/badge.js';
import { confirmDialog } from './lib/dialog.js';
import { filesProblem, kib, MAX_BYTES, MAX_FILES, readFile } from './lib/files.js';
import { announce, button, field, liveRegion, onSubmit, validate } from './lib/form.js';
import { loading, run, startPage } from './lib/page.js';

/** Stripe's evidence fields, grouped as a person would fill them. */
const GROUPS = [
  ['product', ['product_description', 'customer_name', 'customer_email_address', 'billing_address', 'customer_communication']],
  ['shipping', ['shipping_address', 'shipping_carrier', 'shipping_tracking_number', 'shipping_date']],
  ['service', ['service_date', 'refund_policy', 'cancellation_policy', 'duplicate_charge_explanation', 'access_activity_log']],
  ['other', ['uncategorized_text']],
];
const ORDER = { needs_response: 0, under_review: 1, won: 2, lost: 2 };
const DAY = 86400;

/** The deadline, flagged in words (not only colour) when under three days away. */
function deadline(d) {
  const left = d.evidence_due_by - Date.now() / 1000;
  const soon = d.status === 'needs_response' && left < 3 * DAY;
  return h(
    'span',
    { class: soon ? 'deadline soon' : 'deadline' },
    timeElement(d.evidence_due_by, dateTime),
    soon ? [' ', h('strong', { class: 'badge badge-bad' }, left <= 0 ? t('disputes.overdue') : t('disputes.due_soon', { count: Math.max(1, Math.ceil(left / 3600)) }))] : null,
  );
}

function evidenceForm(d, { onDone }) {
  const alert = liveRegion('alert');
  const saved = d.evidence || {};
  const fields = {};
  const groups = GROUPS.map(([group, names]) =>
    h(
      'fieldset',
      { class: 'evidence-group' },
      h('legend', null, t(`evidence.group_${group}`)),
      names.map((name) => {
        fields[name] = field({ label: t(`evidence.${name}`), name, type: 'textarea', value: saved[name] || '', attrs: { maxlength: '20000', rows: name === 'uncategorized_text' ? 4 : 2 } });
        return fields[name].wrap;
      }),
    ),
  );
  const already = (d.evidence_files || []).length;
  const files = field({
    label: t('disputes.files'),
    name: 'files',
    type: 'file',
    hint: t('disputes.files_hint', { max: MAX_FILES, size: kib(MAX_BYTES), already }),
    attrs: { multiple: true, accept: '.pdf,.png,.jpg,.jpeg,.txt,application/pdf,image/png,image/jpeg,text/plain' },
  });
  const checkFiles = () => filesProblem([...files.control.files], already);
  files.control.addEventListener('change', () => {
    const problem = checkFiles();
    if (problem) files.setError(problem);
    else files.clearError();
  });
  const form = h(
    'form',
    { class: 'stack evidence', novalidate: true },
    h('div', { class: 'evidence-grid' }, groups),
    files.wrap,
    alert,
    h('div', { class: 'actions' }, button(t('disputes.save_draft'), { kind: 'secondary', type: 'submit', attrs: { value: 'draft' } }), button(t('disputes.submit'), { type: 'submit', attrs: { value: 'submit' } })),
  );
  onSubmit(form, alert, async (submitter) => {
    validate([[files, checkFiles()]]);
    const submit = submitter && submitter.value === 'submit';
    const evidence = {};
    for (const [name, f] of Object.entries(fields)) {
      const value = f.control.value.trim();
      if (value) evidence[name] = value;
    }
    const body = { evidence, submit };
    const chosen = [...files.control.files];
    if (chosen.length) body.files = await Promise.all(chosen.map(readFile));
    await api.post(`/v1/disputes/${encodeURIComponent(d.id)}`, body);
    await onDone(submit ? t('disputes.submitted') : t('disputes.saved'));
  });
  return form;
}

function acceptButton(d, { onDone }) {
  return button(t('disputes.accept'), {
    kind: 'danger',
    onclick: async () => {
      const done = await confirmDialog({
        title: t('disputes.accept_title', { amount: money(d.amount, d.currency) }),
        body: h('p', null, t('disputes.accept_body', { amount: money(d.amount, d.currency) })),
        danger: true,
        onConfirm: () => api.post(`/v1/disputes/${encodeURIComponent(d.id)}/close`),
      });
      if (done) await onDone(t('disputes.accepted'));
    },
  });
}

function disputeCard(d, role, onDone) {
  const id = uid('dispute');
  const attached = d.evidence_files || [];
  const canAct = can(role, 'disputes') && d.status === 'needs_response';
  const sent = Object.entries(d.evidence || {}).filter(([, v]) => v);
  return h(
    'article',
    { class: 'card dispute', 'aria-labelledby': id },
    h('h2', { id }, t('disputes.card_title', { amount: money(d.amount, d.currency), reason: label('dispute_reason', d.reason) })),
    descriptionList([
      [t('disputes.status'), badge(d.status)],
      [t('disputes.due'), deadline(d)],
      [t('disputes.payment'), h('a', { href: `/dashboard/payment/?id=${encodeURIComponent(d.payment)}` }, d.payment)],
      [t('disputes.opened'), timeElement(d.created_at, date)],
      [t('disputes.attached'), attached.length ? h('ul', { class: 'plain' }, attached.map((f) => h('li', null, `${f.name} (${kib(f.size)})`))) : null],
    ]),
    canAct ? [evidenceForm(d, { onDone }), h('div', { class: 'accept' }, h('p', { class: 'hint' }, t('disputes.accept_hint')), acceptButton(d, { onDone }))] : null,
    !canAct && sent.length ? h('details', null, h('summary', null, t('disputes.evidence_sent')), descriptionList(sent.map(([k, v]) => [label('evidence', k), v]))) : null,
  );
}

run(async () => {
  const { main, heading, role } = await startPage({ section: 'disputes', title: 'disputes.title' });
  const status = liveRegion('status');
  const body = h('div', { class: 'stack-lg' }, loading());
  main.append(status, body);

  async function refresh(message) {
    const list = (await api.get('/v1/disputes', { limit: 100 })).data || [];
    const open = list.filter((d) => d.status === 'needs_response' || d.status === 'under_review').sort((a, b) => ORDER[a.status] - ORDER[b.status] || a.evidence_due_by - b.evidence_due_by);
    const closed = list.filter((d) => !open.includes(d));
    replace(
      body,
      open.length ? open.map((d) => disputeCard(d, role, refresh)) : h('p', { class: 'empty card' }, t('disputes.none_open')),
      closed.length
        ? h(
            'section',
            { class: 'card', 'aria-labelledby': 'closed-title' },
            h('h2', { id: 'closed-title' }, t('disputes.closed')),
            dataTable({
              caption: t('disputes.closed'),
              hideCaption: true,
              columns: [
                { label: t('disputes.opened'), cell: (d) => timeElement(d.created_at, date) },
                { label: t('disputes.amount'), cell: (d) => money(d.amount, d.currency), numeric: true },
                { label: t('disputes.reason'), cell: (d) => label('dispute_reason', d.reason) },
                { label: t('disputes.status'), cell: (d) => badge(d.status) },
                { label: t('disputes.payment'), cell: (d) => h('a', { href: `/dashboard/payment/?id=${encodeURIComponent(d.payment)}` }, d.payment) },
              ],
              rows: closed,
            }),
          )
        : null,
    );
    if (message) {
      announce(status, message);
      heading.focus();
    }
  }
  await refresh();
});
