// Home: how today and this month went, and the last 30 days as charts, each with its data as a
// table. Days are the account's days (its time zone), as the reports count them.
import { api } from './lib/api.js';
import { h, replace, uid } from './lib/dom.js';
import { label, t } from './lib/i18n.js';
import { addDays, daysFrom, dayIn, monthStart } from './lib/dates.js';
import { day, moneyCompact, moneyList, number, percent, timeZone } from './lib/format.js';
import { dataTable, descriptionList } from './lib/table.js';
import { barList, chart, COLORS } from './lib/chart.js';
import { announce, button, liveRegion, withBusy } from './lib/form.js';
import { addPasskey } from './lib/passkey-actions.js';
import { passkeysSupported } from './lib/passkey.js';
import { loading, run, startPage } from './lib/page.js';

const summary = (from, to) => api.get('/v1/reports/summary', { from, to, interval: 'day' });

const BANNER_KEY = 'tessera.passkey_banner_dismissed';

/** The offer to add a passkey, until the user has one or says "not now" (remembered per user on this browser). */
function passkeyBanner(session) {
  const dismissed = (() => {
    try {
      return localStorage.getItem(BANNER_KEY) === session.user.id;
    } catch {
      return false;
    }
  })();
  if (session.user.passkeys !== 0 || dismissed || !passkeysSupported()) return null;
  const titleId = uid('banner');
  const alert = liveRegion('alert');
  const status = liveRegion('status');
  const banner = h('section', { class: 'banner banner-info', 'aria-labelledby': titleId });
  const add = button(t('passkey.add'), {
    onclick: () =>
      withBusy(add, alert, async () => {
        await addPasskey();
        replace(banner, h('h2', { id: titleId }, t('passkey.added_title')), status);
        announce(status, t('passkey.added'));
      }),
  });
  const later = button(t('passkey.not_now'), {
    kind: 'link',
    onclick: () => {
      try {
        localStorage.setItem(BANNER_KEY, session.user.id);
      } catch {
        // Not remembered: the banner comes back next time.
      }
      banner.remove();
      document.getElementById('page-title')?.focus();
    },
  });
  replace(banner, h('h2', { id: titleId }, t('passkey.banner_title')), h('p', null, t('passkey.banner_body')), h('div', { class: 'actions' }, add, later), alert);
  return banner;
}

function verificationBanner(session) {
  if (session.next !== 'verification') return null;
  const titleId = uid('banner');
  return h(
    'section',
    { class: 'banner banner-warn', 'aria-labelledby': titleId },
    h('h2', { id: titleId }, t('home.verify_title')),
    h('p', null, t('home.verify_body'), ' ', h('a', { href: '/dashboard/settings/#verification' }, t('home.verify_link'))),
  );
}

/** One period's numbers: volume, payments, approval and step-ups. */
function periodCard(titleKey, report) {
  const x = report.totals;
  const titleId = uid('period');
  return h(
    'section',
    { class: 'card stat-card', 'aria-labelledby': titleId },
    h('h2', { id: titleId }, t(titleKey)),
    descriptionList(
      [
        [t('home.volume'), h('span', { class: 'stat-big' }, moneyList(x.volume))],
        [t('home.payments'), number(x.payments)],
        [t('home.approval_rate'), percent(x.approval_rate)],
        [t('home.step_up_rate'), percent(x.step_up_rate)],
        [t('home.step_ups_passed'), x.step_ups ? t('home.passed_of', { passed: number(x.step_ups_passed), total: number(x.step_ups) }) : t('home.no_step_ups')],
      ],
      'stats',
    ),
  );
}

/** The currency with most volume over the period: the one the volume chart draws. */
function mainCurrency(report) {
  const list = [...(report.totals.volume || [])].sort((a, b) => b.amount - a.amount);
  return list.length ? list[0].currency : null;
}

/** A chart card: heading, the chart, and the same numbers as a table under a disclosure. */
function chartCard(title, chartNode, table) {
  const titleId = uid('chart');
  return h(
    'section',
    { class: 'card chart-card', 'aria-labelledby': titleId },
    h('h3', { id: titleId }, title),
    chartNode,
    h('details', { class: 'chart-data' }, h('summary', null, t('home.show_table', { chart: title })), table),
  );
}

function charts(report) {
  const days = daysFrom(report.from, report.to);
  const byDay = new Map((report.series || []).map((s) => [s.date, s]));
  const rows = days.map((d) => byDay.get(d) || { date: d, payments: 0, succeeded: 0, failed: 0, approval_rate: null, volume: [], refunded: [], refunds: 0, declines: [] });
  const labels = days.map((d) => day(d, 'short'));
  const currency = mainCurrency(report);
  const amountIn = (list, c) => ((list || []).find((v) => v.currency === c) || { amount: 0 }).amount;

  const volumeTitle = currency ? t('home.chart_volume_in', { currency }) : t('home.chart_volume');
  const volume = chartCard(
    volumeTitle,
    chart({
      labels,
      series: [{ label: t('home.volume'), values: rows.map((r) => (currency ? amountIn(r.volume, currency) : 0)), color: COLORS.teal, bars: true }],
      yFormat: (v) => (currency ? moneyCompact(v, currency) : number(v)),
      summary: t('home.chart_summary', { title: volumeTitle, total: moneyList(report.totals.volume) }),
    }),
    dataTable({
      caption: volumeTitle,
      columns: [
        { label: t('home.col_date'), cell: (r) => day(r.date), rowHeader: true },
        { label: t('home.volume'), cell: (r) => moneyList(r.volume), numeric: true },
        { label: t('home.payments'), cell: (r) => number(r.payments), numeric: true },
      ],
      rows,
    }),
  );

  const approvalTitle = t('home.chart_approval');
  const approval = chartCard(
    approvalTitle,
    chart({
      labels,
      series: [{ label: approvalTitle, values: rows.map((r) => (r.approval_rate == null ? null : r.approval_rate * 100)), color: COLORS.indigo }],
      yFormat: (v) => percent(v / 100, 0),
      yRange: [0, 100],
      summary: t('home.chart_summary_rate', { title: approvalTitle, rate: percent(report.totals.approval_rate) }),
    }),
    dataTable({
      caption: approvalTitle,
      columns: [
        { label: t('home.col_date'), cell: (r) => day(r.date), rowHeader: true },
        { label: t('home.approval_rate'), cell: (r) => percent(r.approval_rate), numeric: true },
        { label: t('home.col_succeeded'), cell: (r) => number(r.succeeded), numeric: true },
        { label: t('home.col_failed'), cell: (r) => number(r.failed), numeric: true },
      ],
      rows,
    }),
  );

  const declinesTitle = t('home.chart_declines');
  const declines = [...(report.totals.declines || [])].sort((a, b) => b.count - a.count);
  const declineCard = chartCard(
    declinesTitle,
    declines.length
      ? barList({
          rows: declines.map((d) => ({ label: label('decline', d.code), value: d.count, text: number(d.count) })),
          summary: t('home.chart_summary_count', { title: declinesTitle, count: number(declines.reduce((s, d) => s + d.count, 0)) }),
        })
      : h('p', { class: 'empty' }, t('home.no_declines')),
    dataTable({
      caption: declinesTitle,
      columns: [
        { label: t('home.col_reason'), cell: (d) => label('decline', d.code), rowHeader: true },
        { label: t('home.col_count'), cell: (d) => number(d.count), numeric: true },
      ],
      rows: declines,
      empty: t('home.no_declines'),
    }),
  );

  const refundsTitle = t('home.chart_refunds');
  const refunds = chartCard(
    refundsTitle,
    chart({
      labels,
      series: [{ label: refundsTitle, values: rows.map((r) => r.refunds || 0), color: COLORS.red, bars: true }],
      yFormat: (v) => (Number.isInteger(v) ? number(v) : ''),
      summary: t('home.chart_summary_count', { title: refundsTitle, count: number(report.totals.refunds || 0) }),
    }),
    dataTable({
      caption: refundsTitle,
      columns: [
        { label: t('home.col_date'), cell: (r) => day(r.date), rowHeader: true },
        { label: t('home.col_refunds'), cell: (r) => number(r.refunds || 0), numeric: true },
        { label: t('home.col_refunded'), cell: (r) => moneyList(r.refunded), numeric: true },
      ],
      rows,
    }),
  );
  return [volume, approval, declineCard, refunds];
}

run(async () => {
  const { session, main } = await startPage({ section: 'home', title: 'home.title' });
  const banners = [verificationBanner(session), passkeyBanner(session)];
  const body = h('div', { class: 'home' }, loading());
  main.append(...banners.filter(Boolean), body);

  const today = dayIn(timeZone());
  const [todays, months, last30] = await Promise.all([summary(today, today), summary(monthStart(today), today), summary(addDays(today, -29), today)]);
  const chartsTitle = uid('charts');
  replace(
    body,
    h('div', { class: 'grid two' }, periodCard('home.today', todays), periodCard('home.this_month', months)),
    h(
      'section',
      { class: 'charts', 'aria-labelledby': chartsTitle },
      h('h2', { id: chartsTitle, class: 'section-title' }, t('home.last_30_days'), ' ', h('span', { class: 'muted' }, t('home.in_zone', { zone: timeZone() }))),
      h('div', { class: 'grid two' }, charts(last30)),
    ),
  );
  return undefined;
});
