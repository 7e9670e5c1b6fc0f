// Security: the account's saved cards, its passkeys (added, removed), the devices that signed in
// (revoked, so they are signed out and refused from then on), the merchants it trusts to skip
// strong authentication, and signing out everywhere.
import { h, replace, srOnly } from '../../dashboard/src/lib/dom.js';
import { errorText, t } from '../../dashboard/src/lib/i18n.js';
import { date, dateTime, timeElement } from '../../dashboard/src/lib/format.js';
import { dataTable } from '../../dashboard/src/lib/table.js';
import { confirmDialog } from '../../dashboard/src/lib/dialog.js';
import { passkeysSupported } from '../../dashboard/src/lib/passkey.js';
import { announce, button, field, liveRegion, onSubmit } from '../../dashboard/src/lib/form.js';
import { sectionWith } from '../../dashboard/src/lib/section.js';
import { api } from './lib/api.js';
import { addPasskey, passkeyName } from './lib/passkeys.js';
import { countryList, deviceName } from './lib/profile-text.js';
import { go } from './lib/session.js';
import { run, startPage } from './lib/page.js';
import { cardsSection } from './cards.js';
import { trustedSection } from './trusted.js';

/** A section whose heading takes the focus when the row someone acted on is gone. */
function focusable(section) {
  const heading = section.querySelector('h2');
  heading.setAttribute('tabindex', '-1');
  return { section, focus: () => heading.focus() };
}

function passkeysSection() {
  const list = h('div', null, h('p', { class: 'loading' }, t('common.loading')));
  const status = liveRegion('status');
  const alert = liveRegion('alert');

  async function remove(p) {
    const done = await confirmDialog({
      title: t('passkeys.remove_title', { name: p.name }),
      body: h('p', null, t('passkeys.remove_body')),
      confirmLabel: t('passkeys.remove'),
      danger: true,
      onConfirm: () => api.del(`/v1/me/passkeys/${encodeURIComponent(p.id)}`),
    });
    if (done) {
      announce(status, t('passkeys.removed', { name: p.name }));
      await load();
      frame.focus();
    }
  }

  async function load() {
    const keys = (await api.get('/v1/me/passkeys')).data || [];
    replace(
      list,
      dataTable({
        caption: t('passkeys.caption'),
        hideCaption: true,
        columns: [
          { label: t('passkeys.col_name'), cell: (p) => p.name, rowHeader: true },
          { label: t('passkeys.col_created'), cell: (p) => timeElement(p.created_at, date) },
          { label: t('passkeys.col_used'), cell: (p) => (p.last_used_at ? timeElement(p.last_used_at, dateTime) : t('passkeys.never_used')) },
          { label: t('common.actions'), cell: (p) => button([t('passkeys.remove'), srOnly(` ${p.name}`)], { kind: 'danger-link', onclick: () => remove(p) }) },
        ],
        rows: keys,
        empty: t('passkeys.none'),
      }),
    );
  }

  let adder = h('p', { class: 'hint' }, t('passkeys.unsupported'));
  if (passkeysSupported()) {
    const name = field({ label: t('passkeys.name'), name: 'passkey_name', optional: true, value: passkeyName(), hint: t('passkeys.name_hint'), attrs: { maxlength: '60', autocomplete: 'off' } });
    const formAlert = liveRegion('alert');
    adder = h('form', { class: 'stack add-passkey', novalidate: true }, name.wrap, formAlert, h('div', { class: 'actions' }, button(t('passkey.add'), { type: 'submit' })));
    onSubmit(adder, formAlert, async () => {
      const added = await addPasskey(name.control.value);
      announce(status, t('passkeys.added', { name: added.name }));
      await load();
    });
  }
  load().catch((error) => announce(alert, errorText(error)));
  const frame = focusable(sectionWith({ id: 'passkeys' }, t('security.passkeys'), h('p', null, t('passkeys.intro')), list, status, alert, h('h3', null, t('passkeys.add_title')), adder));
  return frame.section;
}

function devicesSection() {
  const list = h('div', null, h('p', { class: 'loading' }, t('common.loading')));
  const status = liveRegion('status');
  const alert = liveRegion('alert');

  async function revoke(d) {
    const name = deviceName(d);
    const done = await confirmDialog({
      title: t('devices.revoke_title', { name }),
      body: [h('p', null, t('devices.revoke_body', { name })), h('p', null, t('devices.revoke_seen', { last: dateTime(d.last_seen), countries: countryList(d.countries) }))],
      confirmLabel: t('devices.revoke'),
      danger: true,
      onConfirm: () => api.post(`/v1/me/devices/${encodeURIComponent(d.id)}/revoke`),
    });
    if (done) {
      announce(status, t('devices.revoked', { name }));
      await load();
      frame.focus();
    }
  }

  async function load() {
    const devices = (await api.get('/v1/me/devices')).data || [];
    replace(
      list,
      dataTable({
        caption: t('devices.caption'),
        hideCaption: true,
        columns: [
          { label: t('devices.col_device'), rowHeader: true, cell: (d) => [deviceName(d), d.current ? [' ', h('span', { class: 'badge badge-info' }, t('devices.this_device'))] : null] },
          { label: t('devices.col_countries'), cell: (d) => countryList(d.countries), wrap: true },
          { label: t('devices.col_first'), cell: (d) => timeElement(d.first_seen, dateTime) },
          { label: t('devices.col_last'), cell: (d) => timeElement(d.last_seen, dateTime) },
          { label: t('devices.col_status'), cell: (d) => h('span', { class: `badge badge-${d.status === 'revoked' ? 'bad' : 'good'}` }, t(`devices.status.${d.status}`)) },
          {
            label: t('common.actions'),
            cell: (d) => (d.current || d.status === 'revoked' ? '—' : button([t('devices.revoke'), srOnly(` ${deviceName(d)}`)], { kind: 'danger-link', onclick: () => revoke(d) })),
          },
        ],
        rows: devices,
        empty: t('devices.none'),
      }),
    );
  }
  load().catch((error) => announce(alert, errorText(error)));
  const frame = focusable(sectionWith({ id: 'devices' }, t('security.devices'), h('p', null, t('devices.intro')), list, status, alert));
  return frame.section;
}

function everywhereSection() {
  const alert = liveRegion('alert');
  const press = button(t('everywhere.button'), {
    kind: 'danger',
    onclick: async () => {
      const done = await confirmDialog({
        title: t('everywhere.title'),
        body: h('p', null, t('everywhere.body')),
        confirmLabel: t('everywhere.button'),
        danger: true,
        onConfirm: () => api.post('/v1/me/sign_out_everywhere'),
      });
      if (done) await go('/account/sign-in/');
    },
  });
  return sectionWith({ id: 'everywhere' }, t('security.everywhere'), h('p', null, t('everywhere.intro')), h('div', { class: 'actions' }, press), alert);
}

run(async () => {
  const { account, main } = await startPage({ section: 'security', title: 'security.title' });
  main.append(h('div', { class: 'stack-lg' }, cardsSection(), passkeysSection(), devicesSection(), trustedSection(account), everywhereSection()));
});
