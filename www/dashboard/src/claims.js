// Claims: payments shoppers say they did not make, reported from their receipt or their Tessera
// account. Newest first, with a status filter kept in the URL; each open claim's deadline in
// bold, and "Overdue" once it has passed. Each claim is answered on its own page.
import { api, withQuery } from './lib/api.js';
import { h, replace } from './lib/dom.js';
import { errorText, label, t } from './lib/i18n.js';
import { dateTime, money, timeElement } from './lib/format.js';
import { dataTable } from './lib/table.js';
import { badge } from './lib/badge.js';
import { claimDeadline } from './lib/claim-text.js';
import { announce, button, field, liveRegion, onSubmit } from './lib/form.js';
import { run, startPage } from './lib/page.js';

const STATUSES = ['open', 'refunded', 'rejected'];
const PAGE_SIZE = 25;

run(async () => {
  const { main } = await startPage({ section: 'claims', title: 'claims.title' });
  const params = new URLSearchParams(location.search);
  const status = field({
    label: t('claims.status'),
    name: 'status',
    type: 'select',
    value: STATUSES.includes(params.get('status')) ? params.get('status') : '',
    options: [{ value: '', label: t('claims.any_status') }, ...STATUSES.map((s) => ({ value: s, label: label('claim_status', s) }))],
  });
  const alert = liveRegion('alert');
  const news = liveRegion('status', true);
  const form = h('form', { class: 'filters inline card', novalidate: true, role: 'search', 'aria-label': t('claims.filter') }, status.wrap, button(t('claims.apply'), { type: 'submit', kind: 'secondary' }), alert);
  const results = h('div', null, h('p', { class: 'loading' }, t('common.loading')));
  const more = button(t('claims.more'), { kind: 'secondary' });
  more.hidden = true;
  main.append(h('p', { class: 'lead' }, t('claims.intro')), form, news, results, more);

  let rows = [];
  async function load(append) {
    const query = { status: status.control.value, limit: PAGE_SIZE, starting_after: append && rows.length ? rows[rows.length - 1].id : null };
    const page = await api.get('/v1/claims', query);
    rows = append ? [...rows, ...page.data] : page.data;
    replace(
      results,
      dataTable({
        caption: t('claims.caption'),
        hideCaption: true,
        columns: [
          {
            label: t('claims.col_amount'),
            rowHeader: true,
            numeric: true,
            cell: (c) => h('a', { href: `/dashboard/claim/?id=${encodeURIComponent(c.id)}` }, money(c.amount, c.currency)),
          },
          { label: t('claims.col_status'), cell: (c) => badge(c.status, 'claim_status') },
          { label: t('claims.col_due'), cell: (c) => claimDeadline(c) },
          { label: t('claims.col_reported'), cell: (c) => timeElement(c.created_at, dateTime) },
          { label: t('claims.col_via'), cell: (c) => label('claim_via', c.via) },
          { label: t('claims.col_payment'), cell: (c) => h('a', { href: `/dashboard/payment/?id=${encodeURIComponent(c.payment)}` }, c.payment) },
        ],
        rows,
        empty: status.control.value ? t('claims.none_status') : t('claims.none'),
      }),
    );
    more.hidden = !page.has_more;
    announce(news, t('claims.showing', { count: rows.length }));
  }
  onSubmit(form, alert, async () => {
    history.replaceState(null, '', withQuery(location.pathname, { status: status.control.value }));
    await load(false);
  });
  more.addEventListener('click', () => load(true).catch((e) => announce(alert, errorText(e))));
  await load(false);
});
