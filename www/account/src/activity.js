// Activity: the account's log, newest first, as a table: what happened, when, and its particulars
// in words (the browser and country of a sign-in, the level verified, the device revoked).
import { h, replace } from '../../dashboard/src/lib/dom.js';
import { t } from '../../dashboard/src/lib/i18n.js';
import { preciseTime, timeElement } from '../../dashboard/src/lib/format.js';
import { dataTable } from '../../dashboard/src/lib/table.js';
import { api } from './lib/api.js';
import { activityDetail, activityType } from './lib/activity-text.js';
import { loading, run, startPage } from './lib/page.js';

const LIMIT = 100;

run(async () => {
  const { main } = await startPage({ section: 'activity', title: 'activity.title' });
  const body = h('div', { class: 'stack' }, loading());
  main.append(h('p', { class: 'lead' }, t('activity.intro')), body);
  const [activity, devices] = await Promise.all([api.get('/v1/me/activity', { limit: LIMIT }), api.get('/v1/me/devices')]);
  const byId = new Map((devices.data || []).map((d) => [d.id, d]));
  const rows = activity.data || [];
  replace(
    body,
    dataTable({
      caption: t('activity.caption'),
      hideCaption: true,
      columns: [
        { label: t('activity.col_what'), cell: (a) => activityType(a), rowHeader: true },
        { label: t('activity.col_when'), cell: (a) => timeElement(a.at, preciseTime) },
        { label: t('activity.col_details'), cell: (a) => activityDetail(a, byId), wrap: true },
      ],
      rows,
      empty: t('activity.none'),
    }),
    rows.length >= LIMIT ? h('p', { class: 'hint' }, t('activity.more'), ' ', h('a', { href: '/account/data/' }, t('activity.more_link'))) : null,
  );
});
