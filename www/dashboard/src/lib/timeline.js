// A payment's story, oldest first: one plain sentence per entry, and the facts behind it (risk
// signals, processor codes, delivery attempts) in a small description list under it.
import { h } from './dom.js';
import { has, label, t } from './i18n.js';
import { money, number, preciseTime, timeElement } from './format.js';
import { descriptionList } from './table.js';

/** A signal's value as text: yes/no, numbers in the reader's style, anything else as JSON. */
function show(value) {
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (typeof value === 'number') return number(value);
  if (value == null) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const humanKey = (key) => (has(`signal.${key}`) ? t(`signal.${key}`) : key.replace(/_/g, ' '));

/** The sentence and the details of one entry. */
function describe(entry, payment) {
  const d = entry.detail || {};
  const currency = d.currency || payment.currency;
  switch (entry.type) {
    case 'session.created':
      return { text: t('timeline.session_created', { amount: money(d.amount ?? payment.amount, currency) }) };
    case 'risk.decision': {
      const facts = [
        [t('timeline.reasons'), (d.reasons || []).length ? d.reasons.map((r) => label('reason', r)).join(', ') : t('timeline.no_reasons')],
        [t('timeline.country'), d.country || null],
        ...Object.entries(d.signals || {}).map(([k, v]) => [humanKey(k), k === 'amount' && typeof v === 'number' ? money(v, currency) : show(v)]),
      ];
      return { text: t('timeline.risk', { action: label('action', d.action) }), facts };
    }
    case 'step_up.sent':
      return { text: t('timeline.code_sent', { channel: label('channel', d.channel), destination: d.destination || '—' }) };
    case 'step_up.failed':
      return { text: typeof d.attempts_left === 'number' ? t('timeline.code_failed', { count: d.attempts_left }) : t('timeline.code_failed_plain'), facts: [[t('timeline.detail'), d.code || null]] };
    case 'step_up.resent':
      return { text: t('timeline.code_resent') };
    case 'step_up.passed':
      return { text: t('timeline.step_up_passed', { method: label('method', d.method) }) };
    case 'processor.call':
      return {
        text: t('timeline.processor', { operation: label('operation', d.operation), outcome: label('outcome', d.outcome) }),
        facts: [
          [t('timeline.code'), d.code || '—'],
          [t('timeline.duration'), d.duration_ms == null ? null : t('timeline.ms', { ms: number(d.duration_ms) })],
          [t('timeline.reference'), d.reference || null],
          [t('timeline.refund_id'), d.refund || null],
        ],
      };
    case 'webhook.delivery':
      return {
        text: t('timeline.webhook', { event: d.event_type || d.event || '—', url: d.url || '—', status: label('delivery_status', d.status) }),
        facts: [
          [t('timeline.attempts'), d.attempts == null ? null : number(d.attempts)],
          [t('timeline.response_status'), d.response_status == null ? '—' : String(d.response_status)],
          [t('timeline.error'), d.error || null],
          [t('timeline.event'), d.event || null],
        ],
      };
    default:
      break;
  }
  const [kind, what] = entry.type.split('.');
  // Events about the payment and its objects, and the checkout session's own steps.
  if (kind === 'payment') return { text: t('timeline.payment_status', { status: label('payment_event', what) }), facts: [[t('timeline.event'), d.event || null]] };
  if (kind === 'refund') {
    const text = d.amount == null ? t('timeline.refund_plain', { status: label('refund_event', d.status || what) }) : t('timeline.refund', { amount: money(d.amount, currency), status: label('refund_event', d.status || what) });
    return { text, facts: [[t('timeline.refund_id'), d.refund || d.object || null]] };
  }
  if (kind === 'session' || kind === 'checkout_session') {
    const moved = d.from && d.to && d.from !== d.to ? t('timeline.moved', { from: label('session_status', d.from), to: label('session_status', d.to) }) : null;
    return { text: t('timeline.session_step', { step: label('session_event', what) }), facts: [[t('timeline.change'), moved], [t('timeline.detail'), d.detail || null]] };
  }
  if (kind === 'dispute') {
    return { text: t('timeline.dispute', { what: label('dispute_event', what) }), facts: [[t('disputes.reason'), d.reason ? label('dispute_reason', d.reason) : null], [t('disputes.status'), d.status ? label('status', d.status) : null]] };
  }
  return { text: entry.type };
}

/** The timeline as an ordered list. */
export function timeline(entries, payment) {
  if (!entries.length) return h('p', { class: 'empty' }, t('timeline.empty'));
  return h(
    'ol',
    { class: 'timeline' },
    entries.map((entry) => {
      const { text, facts } = describe(entry, payment);
      const shown = (facts || []).filter(([, v]) => v != null);
      return h('li', { class: `timeline-item type-${entry.type.split('.')[0]}` }, timeElement(entry.at, preciseTime), h('p', { class: 'timeline-text' }, text), shown.length ? descriptionList(shown, 'facts small') : null);
    }),
  );
}
