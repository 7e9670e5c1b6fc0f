// One line of the activity log in words: what happened and its particulars, never the raw detail.
// Types and details the pages do not know yet are named plainly rather than shown as JSON.
import { has, t } from '../../../dashboard/src/lib/i18n.js';
import { countryName } from '../../../dashboard/src/lib/countries.js';
import { money } from '../../../dashboard/src/lib/format.js';
import { country, countryList, deviceName } from './profile-text.js';

/** The type of an activity, in words. */
export function activityType(a) {
  const key = `activity.type.${a.type}`;
  return has(key) ? t(key) : t('activity.type.other');
}

const method = (m) => (has(`method.${m}`) ? t(`method.${m}`) : t('method.other'));

/** The particulars of an activity, in words; `devices` (by id) names the devices it mentions. */
export function activityDetail(a, devices) {
  const d = a.detail || {};
  const where = { browser: d.browser || t('devices.unknown_browser'), country: country(d.country) };
  switch (a.type) {
    case 'signed_in':
      return t('activity.detail.signed_in', { method: method(d.method), ...where });
    case 'new_device':
      return t('activity.detail.new_device', where);
    case 'device_revoked': {
      const device = devices.get(d.device);
      return device ? t('activity.detail.device', { name: deviceName(device), countries: countryList(device.countries) }) : t('activity.detail.a_device');
    }
    case 'verified': {
      if (d.level === 'identity') return has(`activity.detail.identity.${d.status}`) ? t(`activity.detail.identity.${d.status}`) : t('level.identity');
      return has(`level.${d.level}`) ? t('activity.detail.verified', { level: t(`level.${d.level}`) }) : '—';
    }
    case 'phone_changed':
      return t('activity.detail.phone_changed', { from: d.from || '—', to: d.to || '—' });
    case 'address_changed':
      return d.country ? t('activity.detail.address_changed', { country: countryName(d.country) }) : '—';
    case 'passkey_added':
      return d.name ? t('activity.detail.passkey_named', { name: d.name }) : '—';
    case 'payment':
      return d.amount != null && d.currency ? t('activity.detail.payment', { amount: money(d.amount, d.currency), merchant: d.merchant || '—', last4: d.card || '—' }) : '—';
    case 'card_saved':
      return d.last4 ? t('activity.detail.card', { brand: d.brand || t('activity.detail.card_brand'), last4: d.last4 }) : '—';
    case 'unlocked':
      return has(`activity.detail.unlocked.${d.with}`) ? t(`activity.detail.unlocked.${d.with}`) : '—';
    case 'locked':
      return t('activity.detail.locked');
    case 'signed_out_everywhere':
      return t('activity.detail.everywhere');
    case 'exported':
      return t('activity.detail.exported');
    case 'created':
      return t('activity.detail.created');
    default:
      return '—';
  }
}
