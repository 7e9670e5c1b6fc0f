// Payments: filters and search kept in the URL (reload and share a view), pages by cursor with
// a stack for going back, and the CSV downloads for the chosen days.
import { api, withQuery } from './lib/api.js';
import { h, replace } from './lib/dom.js';
import { errorText, label, t } from './lib/i18n.js';
import { mode } from './lib/mode.js';
import { addDays, dayIn, endOfDay, isDay, startOfDay } from './lib/dates.js';
import { dateTime, day, money, timeElement, timeZone } from './lib/format.js';
import { currencyOfCountry, exponent, parseMajor } from './lib/currency.js';
import { dataTable } from './lib/table.js';
import { badge } from './lib/badge.js';
import { cardText, shopperEmail } from './lib/payment-text.js';
import { announce, button, field, liveRegion, onSubmit, validate } from './lib/form.js';
import { run, startPage } from './lib/page.js';

const PAGE_SIZE = 25;
const STATUSES = ['succeeded', 'requires_capture', 'processing', 'failed', 'canceled'];
const BRANDS = ['visa', 'mastercard', 'amex', 'discover', 'jcb', 'diners', 'unionpay', 'maestro'];
const FILTERS = ['q', 'status', 'from', 'to', 'amount_min', 'amount_max', 'brand', 'last4', 'reference', 'email'];

/** The view in the URL: the filters and the stack of cursors that led to this page. */
function readUrl() {
  const params = new URLSearchParams(location.search);
  const view = {};
  for (const k of FILTERS) view[k] = params.get(k) || '';
  view.cursors = (params.get('cursors') || '').split(',').filter(Boolean);
  return view;
}

function writeUrl(view, push) {
  const query = {};
  for (const k of FILTERS) query[k] = view[k];
  if (view.cursors.length) query.cursors = view.cursors.join(',');
  const url = withQuery(location.pathname, query);
  if (push) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}

/** The API's query for a view: days in the account's zone become unix seconds, amounts minor units. */
function apiQuery(view, currency) {
  const zone = timeZone();
  return {
    limit: PAGE_SIZE,
    starting_after: view.cursors[view.cursors.length - 1],
    q: view.q,
    status: view.status,
    created_gte: isDay(view.from) ? startOfDay(view.from, zone) : null,
    created_lte: isDay(view.to) ? endOfDay(view.to, zone) : null,
    amount_gte: view.amount_min ? parseMajor(view.amount_min, currency) : null,
    amount_lte: view.amount_max ? parseMajor(view.amount_max, currency) : null,
    brand: view.brand,
    last4: view.last4,
    reference: view.reference,
    email: view.email,
  };
}

/**
 * In live mode a plain link would be read in test mode (a link cannot send `Tessera-Mode`), so
 * the file is fetched with the header and handed to the browser as a download.
 */
async function downloadLive(event, href, name, alert) {
  event.preventDefault();
  const response = await fetch(href, { credentials: 'same-origin', headers: { 'Tessera-Mode': 'live' } }).catch(() => null);
  if (!response || !response.ok) {
    const body = response ? await response.json().catch(() => null) : null;
    announce(alert, errorText((body && body.error) || { code: 'network_error' }));
    return;
  }
  const url = URL.createObjectURL(await response.blob());
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** CSV links for the view's days (the last 30 when none are chosen); plain links, the cookie is enough for a GET. */
function downloads(view, alert) {
  const today = dayIn(timeZone());
  const to = isDay(view.to) ? view.to : today;
  const from = isDay(view.from) ? view.from : addDays(to, -29);
  const link = (name, text) => {
    const href = withQuery(`/v1/reports/${name}`, { from, to });
    return h('a', { class: 'btn btn-secondary', href, download: name, onclick: mode() === 'live' ? (e) => downloadLive(e, href, name, alert) : null }, text);
  };
  return h(
    'div',
    { class: 'downloads' },
    h('p', { class: 'hint' }, t('payments.download_range', { from: day(from), to: day(to) })),
    link('payments.csv', t('payments.download_payments')),
    ' ',
    link('refunds.csv', t('payments.download_refunds')),
  );
}

run(async () => {
  const { main, account } = await startPage({ section: 'payments', title: 'payments.title', needAccount: true });
  const currency = currencyOfCountry(account && account.business && account.business.country);
  let view = readUrl();

  const f = {
    q: field({ label: t('payments.search'), name: 'q', type: 'search', hint: t('payments.search_hint') }),
    status: field({ label: t('payments.status'), name: 'status', type: 'select', options: [{ value: '', label: t('payments.any_status') }, ...STATUSES.map((s) => ({ value: s, label: label('status', s) }))] }),
    from: field({ label: t('payments.from'), name: 'from', type: 'date' }),
    to: field({ label: t('payments.to'), name: 'to', type: 'date' }),
    amount_min: field({ label: t('payments.amount_min'), name: 'amount_min', hint: t('payments.amount_hint', { currency }), attrs: { inputmode: 'decimal', autocomplete: 'off' } }),
    amount_max: field({ label: t('payments.amount_max'), name: 'amount_max', hint: t('payments.amount_hint', { currency }), attrs: { inputmode: 'decimal', autocomplete: 'off' } }),
    brand: field({ label: t('payments.brand'), name: 'brand', type: 'select', options: [{ value: '', label: t('payments.any_brand') }, ...BRANDS.map((b) => ({ value: b, label: label('brand', b) }))] }),
    last4: field({ label: t('payments.last4'), name: 'last4', attrs: { inputmode: 'numeric', maxlength: '4', autocomplete: 'off' } }),
    reference: field({ label: t('payments.reference'), name: 'reference', attrs: { autocomplete: 'off' } }),
    email: field({ label: t('payments.shopper_email'), name: 'email', type: 'email', attrs: { autocomplete: 'off' } }),
  };
  const fill = () => {
    for (const k of FILTERS) f[k].control.value = view[k];
  };
  // The detailed filters fold away on a phone unless one is in use; on a wide screen they are open.
  const more = h('details', { class: 'more-filters', open: true }, h('summary', null, t('payments.more_filters')), h('div', { class: 'filter-grid' }, FILTERS.filter((k) => k !== 'q').map((k) => f[k].wrap)));
  if (matchMedia('(max-width: 599px)').matches && !FILTERS.some((k) => k !== 'q' && view[k])) more.open = false;
  const alert = liveRegion('alert');
  const status = liveRegion('status', true);
  const clear = button(t('payments.clear'), { kind: 'secondary' });
  const form = h(
    'form',
    { class: 'filters card', novalidate: true, role: 'search', 'aria-label': t('payments.filters') },
    f.q.wrap,
    more,
    alert,
    h('div', { class: 'actions' }, button(t('payments.apply'), { type: 'submit' }), clear),
  );
  const downloadBox = h('div');
  const results = h('div', { class: 'results' });
  const previous = button(t('payments.previous'), { kind: 'secondary' });
  const next = button(t('payments.next'), { kind: 'secondary' });
  const pager = h('nav', { class: 'pager', 'aria-label': t('payments.pagination') }, previous, next);
  main.append(form, downloadBox, status, results, pager);

  let lastPage = null;
  async function load(focusResults) {
    replace(downloadBox, downloads(view, alert));
    replace(results, h('p', { class: 'loading' }, t('common.loading')));
    previous.disabled = true;
    next.disabled = true;
    try {
      lastPage = await api.get('/v1/payments', apiQuery(view, currency));
    } catch (error) {
      replace(results);
      throw error;
    }
    const page = view.cursors.length + 1;
    const table = dataTable({
      caption: t('payments.caption', { page }),
      columns: [
        { label: t('payments.col_created'), cell: (p) => timeElement(p.created_at, dateTime) },
        { label: t('payments.col_amount'), cell: (p) => h('a', { href: `/dashboard/payment/?id=${encodeURIComponent(p.id)}` }, money(p.amount, p.currency)), numeric: true },
        { label: t('payments.col_status'), cell: (p) => [badge(p.status), p.disputed ? [' ', badge('disputed')] : null, p.amount_refunded > 0 ? [' ', badge(p.amount_refunded >= p.amount_captured ? 'refunded' : 'partially_refunded')] : null] },
        { label: t('payments.col_card'), cell: (p) => cardText(p.card) },
        { label: t('payments.col_reference'), cell: (p) => p.reference || '—' },
        { label: t('payments.col_email'), cell: (p) => shopperEmail(p) },
      ],
      rows: lastPage.data,
      empty: t('payments.none'),
    });
    replace(results, table);
    previous.disabled = view.cursors.length === 0;
    next.disabled = !lastPage.has_more;
    announce(status, t('payments.showing', { count: lastPage.data.length, page }));
    if (focusResults) results.querySelector('.table-scroll')?.focus();
  }

  const safeLoad = (focus) => load(focus).catch((error) => announce(alert, errorText(error)));

  onSubmit(form, alert, async () => {
    const v = {};
    for (const k of FILTERS) v[k] = f[k].control.value.trim();
    const badAmount = (text) => (text && parseMajor(text, currency) == null ? t('payments.amount_invalid', { decimals: exponent(currency) }) : null);
    validate([
      [f.amount_min, badAmount(v.amount_min)],
      [f.amount_max, badAmount(v.amount_max)],
      [f.last4, v.last4 && !/^\d{4}$/.test(v.last4) ? t('payments.last4_invalid') : null],
      [f.to, v.from && v.to && v.to < v.from ? t('payments.range_invalid') : null],
    ]);
    view = { ...v, cursors: [] };
    writeUrl(view, true);
    await load(false);
  });
  clear.addEventListener('click', () => {
    view = { cursors: [] };
    for (const k of FILTERS) view[k] = '';
    fill();
    writeUrl(view, true);
    safeLoad(false);
  });
  next.addEventListener('click', () => {
    const rows = lastPage ? lastPage.data : [];
    if (!rows.length) return;
    view = { ...view, cursors: [...view.cursors, rows[rows.length - 1].id] };
    writeUrl(view, true);
    safeLoad(true);
  });
  previous.addEventListener('click', () => {
    view = { ...view, cursors: view.cursors.slice(0, -1) };
    writeUrl(view, true);
    safeLoad(true);
  });
  window.addEventListener('popstate', () => {
    view = readUrl();
    fill();
    safeLoad(false);
  });

  fill();
  await load(false);
});
