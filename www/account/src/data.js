// Your data: everything Tessera holds about you as one JSON file; each browser's choice about
// device recognition (fingerprinting), which can be withdrawn; and deleting the account, with
// what goes (everything that is only yours) and what merchants keep (their payment records, which
// the law makes them keep). After deletion the page says so; nothing of the account is left.
import { h, replace, srOnly } from '../../dashboard/src/lib/dom.js';
import { errorText, t } from '../../dashboard/src/lib/i18n.js';
import { dateTime, timeElement } from '../../dashboard/src/lib/format.js';
import { dataTable } from '../../dashboard/src/lib/table.js';
import { badge } from '../../dashboard/src/lib/badge.js';
import { confirmDialog } from '../../dashboard/src/lib/dialog.js';
import { announce, button, liveRegion, withBusy } from '../../dashboard/src/lib/form.js';
import { sectionWith } from '../../dashboard/src/lib/section.js';
import { api, setCsrfToken } from './lib/api.js';
import { renderPublicLayout } from './lib/layout.js';
import { run, startPage } from './lib/page.js';

const FILE = 'tessera-account.json';

/** Hands `data` to the browser as a file download, from memory (no URL holds it afterwards). */
function save(data) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const a = h('a', { href: url, download: FILE, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

function downloadSection() {
  const alert = liveRegion('alert');
  const status = liveRegion('status');
  const press = button(t('data.download'), {
    onclick: () =>
      withBusy(press, alert, async () => {
        save(await api.get('/v1/me/export'));
        announce(status, t('data.downloaded', { file: FILE }));
      }),
  });
  return sectionWith({ id: 'download' }, t('data.download_title'), h('p', null, t('data.download_intro')), h('div', { class: 'actions' }, press), status, alert);
}

/**
 * The latest choice of each browser that signed in to the account in a card frame, where the
 * region's rules ask before a browser is recognised by its features. Withdrawing a "yes" records
 * a new choice: that browser is asked again at its next payment.
 */
function consentsSection() {
  const list = h('div', null, h('p', { class: 'loading' }, t('common.loading')));
  const status = liveRegion('status');
  const alert = liveRegion('alert');
  const browserName = (c, n) => t('consents.browser', { n, merchant: c.merchant?.name ?? '' });

  async function withdraw(c, n, press) {
    await withBusy(press, alert, async () => {
      await api.post(`/v1/me/consents/${encodeURIComponent(c.id)}/withdraw`);
      announce(status, t('consents.withdrawn', { browser: browserName(c, n) }));
      await load();
      heading.focus();
    });
  }

  async function load() {
    const rows = (await api.get('/v1/me/consents')).data || [];
    replace(
      list,
      dataTable({
        caption: t('consents.caption'),
        hideCaption: true,
        columns: [
          { label: t('consents.col_browser'), rowHeader: true, cell: (c) => browserName(c, rows.indexOf(c) + 1) },
          { label: t('consents.col_choice'), cell: (c) => badge(c.choice, 'consent') },
          { label: t('consents.col_date'), cell: (c) => timeElement(c.created_at, dateTime) },
          {
            label: t('common.actions'),
            cell: (c) => {
              if (c.choice !== 'granted') return '—';
              const n = rows.indexOf(c) + 1;
              const press = button([t('consents.withdraw'), srOnly(` (${browserName(c, n)})`)], { kind: 'link', onclick: () => withdraw(c, n, press) });
              return press;
            },
          },
        ],
        rows,
        empty: t('consents.none'),
      }),
    );
  }
  load().catch((error) => announce(alert, errorText(error)));
  const section = sectionWith({ id: 'consents' }, t('consents.title'), h('p', null, t('consents.intro')), list, status, alert);
  const heading = section.querySelector('h2');
  heading.setAttribute('tabindex', '-1');
  return section;
}

const list = (keys) => h('ul', null, keys.map((k) => h('li', null, t(k))));
const GOES = ['data.goes.profile', 'data.goes.passkeys', 'data.goes.devices', 'data.goes.cards', 'data.goes.activity'];

/** Once the account is gone: a page without navigation or sign-out, saying so. */
function deleted() {
  setCsrfToken(null);
  document.title = `${t('data.deleted_title')} · Tessera`;
  const { main, heading } = renderPublicLayout({ title: t('data.deleted_title') });
  main.append(
    h(
      'div',
      { class: 'card auth-card stack' },
      h('p', { role: 'status' }, t('data.deleted_body')),
      h('p', null, t('data.deleted_merchants')),
      h('p', null, h('a', { href: '/account/sign-in/' }, t('data.deleted_again'))),
    ),
  );
  heading.focus();
}

function deleteSection() {
  const alert = liveRegion('alert');
  const press = button(t('data.delete'), {
    kind: 'danger',
    onclick: async () => {
      const done = await confirmDialog({
        title: t('data.delete_title'),
        body: [h('p', null, t('data.delete_goes')), list(GOES), h('p', null, t('data.delete_stays')), h('p', null, t('data.delete_final'))],
        confirmLabel: t('data.delete_confirm'),
        danger: true,
        onConfirm: () => api.del('/v1/me'),
      });
      if (done) deleted();
    },
  });
  return sectionWith(
    { id: 'delete' },
    t('data.delete_section'),
    h('p', null, t('data.delete_intro')),
    list(GOES),
    h('p', null, t('data.delete_stays')),
    h('div', { class: 'actions' }, press),
    alert,
  );
}

run(async () => {
  const { main } = await startPage({ section: 'data', title: 'data.title' });
  main.append(h('div', { class: 'stack-lg' }, downloadSection(), consentsSection(), deleteSection()));
});
