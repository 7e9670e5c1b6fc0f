// One invoice: status, customer, lines and totals, its hosted page and printable view, and for
// owners and admins Finalize (a draft) and Void (a draft or an open one, confirmed first).
import { api } from './lib/api.js';
import { h, replace, safeUrl } from './lib/dom.js';
import { section } from './lib/section.js';
import { errorText, t } from './lib/i18n.js';
import { can } from './lib/roles.js';
import { date, day, money, number, timeElement } from './lib/format.js';
import { dataTable, descriptionList } from './lib/table.js';
import { badge } from './lib/badge.js';
import { confirmDialog } from './lib/dialog.js';
import { announce, button, liveRegion, withBusy } from './lib/form.js';
import { run, startPage } from './lib/page.js';

/** A line's tax rate as the percentage it was written as. */
const rateText = (line) => {
  const bp = line.tax_rate_bp ?? (line.tax_rate == null ? 0 : Math.round(Number(line.tax_rate) * 100));
  return `${number(bp / 100)} %`;
};


function lineTable(inv) {
  return dataTable({
    caption: t('invoice.items'),
    hideCaption: true,
    columns: [
      { label: t('invoice_new.description'), cell: (l) => l.description, rowHeader: true },
      { label: t('invoice_new.quantity'), cell: (l) => number(l.quantity), numeric: true },
      { label: t('invoice_new.unit_price'), cell: (l) => money(l.unit_amount, inv.currency), numeric: true },
      { label: t('invoice_new.tax_rate'), cell: rateText, numeric: true },
      { label: t('invoice.line_tax'), cell: (l) => (l.tax == null ? '—' : money(l.tax, inv.currency)), numeric: true },
      { label: t('invoice.line_amount'), cell: (l) => money(l.amount ?? l.quantity * l.unit_amount, inv.currency), numeric: true },
    ],
    rows: inv.line_items || inv.lines || [],
  });
}

run(async () => {
  const { main, heading, role } = await startPage({ section: 'invoices', title: 'invoice.title', detail: true });
  const params = new URLSearchParams(location.search);
  const id = params.get('id') || '';
  const status = liveRegion('status');
  const alert = liveRegion('alert');
  const body = h('div', { class: 'stack-lg' }, h('p', { class: 'loading' }, t('common.loading')));
  main.prepend(h('p', { class: 'breadcrumb' }, h('a', { href: '/dashboard/invoices/' }, t('invoice.back'))));
  main.append(status, alert, body);
  if (!/^in_[A-Za-z0-9]+$/.test(id)) {
    replace(body, h('p', { class: 'notice notice-bad' }, t('invoice.no_id')));
    return;
  }

  async function refresh(message) {
    let inv;
    try {
      inv = await api.get(`/v1/invoices/${encodeURIComponent(id)}`);
    } catch (error) {
      replace(body, h('p', { class: 'notice notice-bad' }, error.code === 'resource_missing' ? t('invoice.missing') : errorText(error)));
      return;
    }
    const title = inv.number ? t('invoice.heading', { number: inv.number }) : t('invoice.heading_draft');
    replace(heading, title);
    document.title = `${title} · Tessera`;
    const hosted = safeUrl(inv.hosted_invoice_url);
    const actions = [];
    if (can(role, 'invoices') && inv.status === 'draft') {
      const finalize = button(t('invoice.finalize'), {
        onclick: () =>
          withBusy(finalize, alert, async () => {
            await api.post(`/v1/invoices/${encodeURIComponent(id)}/finalize`);
            await refresh(t('invoice.finalized'));
          }),
      });
      actions.push(finalize);
    }
    if (can(role, 'invoices') && (inv.status === 'draft' || inv.status === 'open')) {
      actions.push(
        button(t('invoice.void'), {
          kind: 'danger',
          onclick: async () => {
            const done = await confirmDialog({
              title: t('invoice.void_title', { total: money(inv.total, inv.currency) }),
              body: h('p', null, t('invoice.void_body')),
              danger: true,
              onConfirm: () => api.post(`/v1/invoices/${encodeURIComponent(id)}/void`),
            });
            if (done) await refresh(t('invoice.voided'));
          },
        }),
      );
    }
    replace(
      body,
      section(
        t('invoice.summary'),
        descriptionList([
          [t('invoice.status'), badge(inv.status)],
          [t('invoice.customer'), inv.customer ? `${inv.customer.name} <${inv.customer.email}>` : '—'],
          [t('invoice_new.total'), h('strong', null, money(inv.total, inv.currency))],
          [t('invoice.due'), inv.due_date ? day(inv.due_date) : '—'],
          [t('invoice.created'), timeElement(inv.created_at, date)],
          [t('invoice.hosted'), hosted ? h('a', { href: hosted, target: '_blank', rel: 'noopener' }, t('invoice.hosted_link'), h('span', { class: 'visually-hidden' }, ` ${t('common.new_tab')}`)) : t('invoice.hosted_after_finalize')],
          [t('invoice.print'), h('a', { href: `/i/${encodeURIComponent(id)}/print` }, t('invoice.print_link'))],
          [t('invoice.id'), h('code', null, inv.id)],
        ]),
        actions.length ? h('div', { class: 'actions' }, actions) : null,
      ),
      section(
        t('invoice.items'),
        lineTable(inv),
        descriptionList(
          [
            [t('invoice_new.subtotal'), money(inv.subtotal, inv.currency)],
            [t('invoice_new.tax'), money(inv.tax, inv.currency)],
            [t('invoice_new.total'), h('strong', null, money(inv.total, inv.currency))],
          ],
          'facts totals-list',
        ),
      ),
      inv.memo || inv.footer ? section(t('invoice.notes'), descriptionList([[t('invoice_new.memo'), inv.memo || null], [t('invoice_new.footer'), inv.footer || null]])) : null,
    );
    if (message) {
      announce(status, message);
      heading.focus();
    }
  }
  const done = params.get('done');
  await refresh(done === 'sent' ? t('invoice.sent') : done === 'saved' ? t('invoice.saved') : null);
});
