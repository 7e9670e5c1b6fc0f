// The signed-in person's own passkeys: list, add, delete.
import { api } from '../lib/api.js';
import { h, replace, srOnly } from '../lib/dom.js';
import { errorText, t } from '../lib/i18n.js';
import { date, timeElement } from '../lib/format.js';
import { dataTable } from '../lib/table.js';
import { confirmDialog } from '../lib/dialog.js';
import { addPasskey } from '../lib/passkey-actions.js';
import { passkeysSupported } from '../lib/passkey.js';
import { announce, button, liveRegion, withBusy } from '../lib/form.js';
import { sectionWith } from '../lib/section.js';

export function passkeysSection() {
  const list = h('div', null, h('p', { class: 'loading' }, t('common.loading')));
  const status = liveRegion('status');
  const alert = liveRegion('alert');

  async function remove(p) {
    const name = p.name || t('passkeys.unnamed');
    const done = await confirmDialog({
      title: t('passkeys.delete_title', { name }),
      body: h('p', null, t('passkeys.delete_body')),
      danger: true,
      onConfirm: () => api.del(`/v1/dashboard/passkeys/${encodeURIComponent(p.id)}`),
    });
    if (done) {
      announce(status, t('passkeys.deleted', { name }));
      await load();
    }
  }

  async function load() {
    const keys = (await api.get('/v1/dashboard/passkeys')).data || [];
    replace(
      list,
      dataTable({
        caption: t('passkeys.caption'),
        hideCaption: true,
        columns: [
          { label: t('passkeys.col_name'), cell: (p) => p.name || t('passkeys.unnamed'), rowHeader: true },
          { label: t('passkeys.col_created'), cell: (p) => timeElement(p.created_at, date) },
          { label: t('passkeys.col_used'), cell: (p) => (p.last_used_at ? timeElement(p.last_used_at, date) : t('passkeys.never_used')) },
          { label: t('common.actions'), cell: (p) => button([t('passkeys.delete'), srOnly(` ${p.name || ''}`)], { kind: 'danger-link', onclick: () => remove(p) }) },
        ],
        rows: keys,
        empty: t('passkeys.none'),
      }),
    );
  }

  const add = passkeysSupported()
    ? button(t('passkey.add'), {
        onclick: () =>
          withBusy(add, alert, async () => {
            await addPasskey();
            announce(status, t('passkey.added'));
            await load();
          }),
      })
    : h('p', { class: 'hint' }, t('passkeys.unsupported'));
  load().catch((error) => announce(alert, errorText(error)));
  return sectionWith({ id: 'passkeys' }, t('settings.passkeys'), h('p', null, t('passkeys.intro')), list, h('div', { class: 'actions' }, add), status, alert);
}
