// The event log: the last 20 events, each opening to every delivery attempt (time, URL, status
// code, duration, error) with "Send again".
import { api } from '../lib/api.js';
import { h, replace } from '../lib/dom.js';
import { errorText, t } from '../lib/i18n.js';
import { can } from '../lib/roles.js';
import { dateTime, number, preciseTime, timeElement } from '../lib/format.js';
import { dataTable } from '../lib/table.js';
import { badge } from '../lib/badge.js';
import { announce, button, liveRegion, withBusy } from '../lib/form.js';
import { section } from '../lib/section.js';

function attemptsTable(deliveries) {
  const attempts = deliveries.flatMap((d) => (d.attempts || []).map((a) => ({ ...a, delivery: d })));
  return dataTable({
    caption: t('events.attempts'),
    columns: [
      { label: t('events.col_time'), cell: (a) => timeElement(a.attempted_at, preciseTime) },
      { label: t('events.col_url'), cell: (a) => h('code', { class: 'wrap' }, a.url) },
      { label: t('events.col_status'), cell: (a) => (a.response_status == null ? '—' : String(a.response_status)), numeric: true },
      { label: t('events.col_duration'), cell: (a) => t('timeline.ms', { ms: number(a.duration_ms) }), numeric: true },
      { label: t('events.col_error'), cell: (a) => a.error || '—', wrap: true },
    ],
    rows: attempts,
    empty: t('events.no_attempts'),
  });
}

function eventItem(event, editable) {
  const inner = h('div', { class: 'event-body' });
  const status = liveRegion('status');
  const alert = liveRegion('alert');
  let loaded = false;

  async function loadDeliveries() {
    const deliveries = (await api.get(`/v1/events/${encodeURIComponent(event.id)}/deliveries`)).data || [];
    const retry = editable
      ? button(t('events.send_again'), {
          kind: 'secondary',
          onclick: () =>
            withBusy(retry, alert, async () => {
              const answer = await api.post(`/v1/events/${encodeURIComponent(event.id)}/retry`);
              announce(status, t('events.sent_again', { count: (answer.deliveries || []).length }));
              await loadDeliveries();
              inner.querySelector('button')?.focus();
            }),
        })
      : null;
    replace(
      inner,
      deliveries.length
        ? h('ul', { class: 'plain deliveries' }, deliveries.map((d) => h('li', null, badge(d.status), ' ', t('events.delivery_summary', { count: (d.attempts || []).length }), d.next_attempt_at ? [' ', t('events.next_attempt'), ' ', timeElement(d.next_attempt_at, dateTime)] : null)))
        : h('p', { class: 'empty' }, t('events.no_deliveries')),
      attemptsTable(deliveries),
      retry ? h('div', { class: 'actions' }, retry) : null,
      status,
      alert,
    );
  }

  const details = h(
    'details',
    { class: 'event' },
    h('summary', null, h('span', { class: 'event-type' }, event.type), ' ', timeElement(event.created, dateTime), ' ', h('code', { class: 'muted' }, event.id)),
    inner,
  );
  details.addEventListener('toggle', () => {
    if (!details.open || loaded) return;
    loaded = true;
    replace(inner, h('p', { class: 'loading' }, t('common.loading')));
    loadDeliveries().catch((error) => {
      loaded = false;
      replace(inner, h('p', { role: 'alert', class: 'notice notice-bad' }, errorText(error)));
    });
  });
  return h('li', null, details);
}

export function eventsSection({ role }) {
  const body = h('div', null, h('p', { class: 'loading' }, t('common.loading')));
  const editable = can(role, 'integration');
  api
    .get('/v1/events', { limit: 20 })
    .then((page) => replace(body, page.data && page.data.length ? h('ul', { class: 'plain events' }, page.data.map((e) => eventItem(e, editable))) : h('p', { class: 'empty' }, t('events.none'))))
    .catch((error) => replace(body, h('p', { role: 'alert', class: 'notice notice-bad' }, errorText(error))));
  return section(t('events.title'), h('p', null, t('events.intro')), body);
}
