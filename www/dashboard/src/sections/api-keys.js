// API keys of the current mode: the publishable key, the secret keys by their hint, and rolling
// the secret key (the new one shown once; the old ones end when chosen).
import { api } from '../lib/api.js';
import { h, replace } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { mode } from '../lib/mode.js';
import { can } from '../lib/roles.js';
import { dateTime, timeElement } from '../lib/format.js';
import { dataTable } from '../lib/table.js';
import { secretBox } from '../lib/secret.js';
import { announce, button, field, liveRegion, onSubmit } from '../lib/form.js';
import { section } from '../lib/section.js';

/** Expiry choices for the old key (seconds), as the API takes them. */
export const EXPIRIES = [0, 3600, 86400, 604800];

/** The options of an "old … expires" select. */
export const expiryOptions = () => EXPIRIES.map((s) => ({ value: String(s), label: t(`expiry.${s}`) }));

export function apiKeysSection({ role }) {
  const body = h('div', { class: 'stack' }, h('p', { class: 'loading' }, t('common.loading')));
  const revealed = h('div');
  const status = liveRegion('status');

  async function load() {
    const keys = await api.get('/v1/api_keys');
    replace(
      body,
      secretBox({ label: t('keys.publishable'), value: keys.publishable_key, copyLabel: t('keys.copy_publishable') }),
      dataTable({
        caption: t('keys.secret_keys'),
        columns: [
          { label: t('keys.col_key'), cell: (k) => h('code', null, k.hint), rowHeader: true },
          { label: t('keys.col_created'), cell: (k) => timeElement(k.created_at, dateTime) },
          { label: t('keys.col_expires'), cell: (k) => (k.expires_at ? timeElement(k.expires_at, dateTime) : t('keys.never')) },
        ],
        rows: keys.data || [],
        empty: t('keys.none'),
      }),
    );
  }

  let rollForm = null;
  if (can(role, 'integration')) {
    const expiry = field({ label: t('keys.old_expires'), name: 'expires_in', type: 'select', value: '0', options: expiryOptions(), hint: t('keys.old_expires_hint') });
    const alert = liveRegion('alert');
    rollForm = h('form', { class: 'stack roll', novalidate: true }, expiry.wrap, alert, h('div', { class: 'actions' }, button(t('keys.roll'), { type: 'submit' })));
    onSubmit(rollForm, alert, async () => {
      const rolled = await api.post('/v1/api_keys/roll', { expires_in: Number(expiry.control.value) });
      replace(revealed, secretBox({ label: t('keys.new_secret'), value: rolled.secret_key, once: true, copyLabel: t('keys.copy_secret'), onDone: () => announce(status, t('secret.hidden')) }));
      announce(status, t('keys.rolled'));
      await load();
      revealed.querySelector('button')?.focus();
    });
  }

  const el = section(t('keys.title', { mode: mode() === 'live' ? t('common.live') : t('common.test') }), h('p', null, t('keys.intro')), body, rollForm, revealed, status);
  load().catch((error) => replace(body, h('p', { role: 'alert', class: 'notice notice-bad' }, error.message || error.code)));
  return el;
}
