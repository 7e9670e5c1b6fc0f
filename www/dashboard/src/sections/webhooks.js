// Webhook endpoints of the current mode: where events go, which ones, and their signing secrets
// (shown once when made or rolled).
import { api } from '../lib/api.js';
import { h, replace, srOnly } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { can } from '../lib/roles.js';
import { date, timeElement } from '../lib/format.js';
import { dataTable } from '../lib/table.js';
import { confirmDialog } from '../lib/dialog.js';
import { secretBox } from '../lib/secret.js';
import { announce, button, checkbox, field, liveRegion, onSubmit, validate } from '../lib/form.js';
import { section } from '../lib/section.js';
import { expiryOptions } from './api-keys.js';

/** Every event type an endpoint can ask for (core/src/api/events.rs). */
export const EVENT_TYPES = [
  'payment.succeeded', 'payment.failed', 'payment.requires_capture', 'payment.canceled', 'payment.capture_failed',
  'refund.succeeded', 'refund.failed', 'dispute.created', 'dispute.updated', 'dispute.closed',
  'checkout_session.canceled', 'checkout_session.expired', 'invoice.finalized', 'invoice.paid', 'invoice.voided', 'account.updated',
];

const eventsText = (list) => (list.includes('*') ? t('webhooks.all_events') : list.join(', '));

function isWebhookUrl(text) {
  try {
    const u = new URL(text);
    return u.protocol === 'https:' || (u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname === '127.0.0.1'));
  } catch {
    return false;
  }
}

function addForm({ onCreated }) {
  const url = field({ label: t('webhooks.url'), name: 'url', type: 'url', required: true, hint: t('webhooks.url_hint'), attrs: { placeholder: 'https://', autocomplete: 'off' } });
  const all = checkbox({ label: t('webhooks.all_events'), name: 'all', checked: true });
  const each = EVENT_TYPES.map((type) => checkbox({ label: type, name: 'events', value: type, attrs: { disabled: true } }));
  const eventsError = h('p', { class: 'field-error', id: 'events-error', hidden: true });
  all.control.addEventListener('change', () => {
    for (const c of each) c.control.disabled = all.control.checked;
  });
  const alert = liveRegion('alert');
  const fieldset = h('fieldset', { class: 'events-choice' }, h('legend', null, t('webhooks.events')), all.wrap, h('div', { class: 'check-grid' }, each.map((c) => c.wrap)), eventsError);
  const form = h('form', { class: 'stack', novalidate: true }, url.wrap, fieldset, alert, h('div', { class: 'actions' }, button(t('webhooks.add'), { type: 'submit' })));
  onSubmit(form, alert, async () => {
    const chosen = all.control.checked ? ['*'] : each.filter((c) => c.control.checked).map((c) => c.control.value);
    const eventsField = {
      control: all.control,
      setError: (text) => {
        replace(eventsError, text);
        eventsError.hidden = false;
        fieldset.setAttribute('aria-describedby', 'events-error');
      },
      clearError: () => {
        eventsError.hidden = true;
        fieldset.removeAttribute('aria-describedby');
      },
    };
    validate([
      [url, isWebhookUrl(url.control.value.trim()) ? null : t('webhooks.url_invalid')],
      [eventsField, chosen.length ? null : t('webhooks.events_required')],
    ]);
    const created = await api.post('/v1/webhook_endpoints', { url: url.control.value.trim(), enabled_events: chosen });
    form.reset();
    for (const c of each) c.control.disabled = true;
    await onCreated(created);
  });
  return form;
}

export function webhooksSection({ role }) {
  const editable = can(role, 'integration');
  const list = h('div', null, h('p', { class: 'loading' }, t('common.loading')));
  const revealed = h('div');
  const status = liveRegion('status');
  const alert = liveRegion('alert');

  function reveal(endpoint, labelKey) {
    replace(revealed, secretBox({ label: t(labelKey, { url: endpoint.url }), value: endpoint.secret, once: true, copyLabel: t('webhooks.copy_secret'), onDone: () => announce(status, t('secret.hidden')) }));
    revealed.querySelector('button')?.focus();
  }

  async function roll(endpoint) {
    const expiry = field({ label: t('webhooks.old_expires'), name: 'expires_in', type: 'select', value: '3600', options: expiryOptions() });
    const rolled = await confirmDialog({
      title: t('webhooks.roll_title'),
      body: [h('p', null, t('webhooks.roll_body', { url: endpoint.url })), expiry.wrap],
      onConfirm: () => api.post(`/v1/webhook_endpoints/${encodeURIComponent(endpoint.id)}/roll_secret`, { expires_in: Number(expiry.control.value) }),
    });
    if (rolled) {
      announce(status, t('webhooks.rolled'));
      reveal({ ...endpoint, ...rolled }, 'webhooks.new_secret');
    }
  }

  async function remove(endpoint) {
    const done = await confirmDialog({
      title: t('webhooks.delete_title'),
      body: h('p', null, t('webhooks.delete_body', { url: endpoint.url })),
      danger: true,
      onConfirm: () => api.del(`/v1/webhook_endpoints/${encodeURIComponent(endpoint.id)}`),
    });
    if (done) {
      announce(status, t('webhooks.deleted'));
      await load();
    }
  }

  async function load() {
    const endpoints = (await api.get('/v1/webhook_endpoints')).data || [];
    const columns = [
      { label: t('webhooks.col_url'), cell: (e) => h('code', { class: 'wrap' }, e.url), rowHeader: true },
      { label: t('webhooks.col_events'), cell: (e) => eventsText(e.enabled_events || []) },
      { label: t('webhooks.col_created'), cell: (e) => timeElement(e.created_at, date) },
    ];
    if (editable) {
      columns.push({
        label: t('common.actions'),
        cell: (e) =>
          h(
            'div',
            { class: 'row-actions' },
            button([t('webhooks.roll'), srOnly(` ${e.url}`)], { kind: 'secondary', onclick: () => roll(e) }),
            button([t('webhooks.delete'), srOnly(` ${e.url}`)], { kind: 'danger-link', onclick: () => remove(e) }),
          ),
      });
    }
    replace(list, dataTable({ caption: t('webhooks.caption'), hideCaption: true, columns, rows: endpoints, empty: t('webhooks.none') }));
  }

  const add = editable
    ? h(
        'details',
        { class: 'add-endpoint' },
        h('summary', null, t('webhooks.add_title')),
        addForm({
          onCreated: async (created) => {
            announce(status, t('webhooks.created'));
            await load();
            reveal(created, 'webhooks.secret_for');
          },
        }),
      )
    : null;
  load().catch((error) => announce(alert, error.message || error.code));
  return section(t('webhooks.title'), h('p', null, t('webhooks.intro')), list, revealed, status, alert, add);
}
