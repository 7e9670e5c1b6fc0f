// Invoices: the list, newest first, with a status filter kept in the URL.
import { api, withQuery } from './lib/api.js';
import { h, replace } from './lib/dom.js';
import { label, t } from './lib/i18n.js';
import { can } from './lib/roles.js';
import { date, day, money, timeElement } from './lib/format.js';
import { dataTable } from './lib/table.js';
import { badge } from './lib/badge.js';
import { announce, button, field, liveRegion, onSubmit } from './lib/form.js';
import { run, startPage } from './lib/page.js';

const STATUSES = ['draft', 'open', 'paid', 'void'];

run(async () => {
  const { main, role } = await startPage({ section: 'invoices', title: 'invoices.title' });
  const params = new URLSearchParams(location.search);
  const status = field({
    label: t('invoices.status'),
    name: 'status',
    type: 'select',
    value: STATUSES.includes(params.get('status')) ? params.get('status') : '',
    options: [{ value: '', label: t('invoices.any_status') }, ...STATUSES.map((s) => ({ value: s, label: label('status', s) }))],
  });
  const alert = liveRegion('alert');
  const news = liveRegion('status', true);
  const form = h('form', { class: 'filters inline card', novalidate: true, role: 'search', 'aria-label': t('invoices.filter') }, status.wrap, button(t('invoices.apply'), { type: 'submit', kind: 'secondary' }), alert);
  const results = h('div');
  const more = button(t('invoices.more'), { kind: 'secondary' });
  more.hidden = true;
  main.append(
    can(role, 'invoices') ? h('p', { class: 'page-actions' }, h('a', { class: 'btn btn-primary', href: '/dashboard/invoices/new/' }, t('invoices.new'))) : null,
    form,
    news,
    results,
    more,
  );

  let rows = [];
  async function load(append) {
    const query = { status: status.control.value, limit: 50, starting_after: append && rows.length ? rows[rows.length - 1].id : null };
    const page = await api.get('/v1/invoices', query);
    rows = append ? [...rows, ...page.data] : page.data;
    replace(
      results,
      dataTable({
        caption: t('invoices.caption'),
        hideCaption: true,
        columns: [
          { label: t('invoices.col_number'), cell: (i) => h('a', { href: `/dashboard/invoice/?id=${encodeURIComponent(i.id)}` }, i.number || t('invoices.draft_number')), rowHeader: true },
          { label: t('invoices.col_customer'), cell: (i) => (i.customer ? [i.customer.name, h('br'), h('span', { class: 'muted' }, i.customer.email)] : '—') },
          { label: t('invoices.col_total'), cell: (i) => money(i.total, i.currency), numeric: true },
          { label: t('invoices.col_status'), cell: (i) => badge(i.status) },
          { label: t('invoices.col_due'), cell: (i) => (i.due_date ? day(i.due_date) : '—') },
          { label: t('invoices.col_created'), cell: (i) => timeElement(i.created_at, date) },
        ],
        rows,
        empty: t('invoices.none'),
      }),
    );
    more.hidden = !page.has_more;
    announce(news, t('invoices.showing', { count: rows.length }));
  }
  onSubmit(form, alert, async () => {
    history.replaceState(null, '', withQuery(location.pathname, { status: status.control.value }));
    await load(false);
  });
  more.addEventListener('click', () => load(true).catch((e) => announce(alert, e.message)));
  await load(false);
});
