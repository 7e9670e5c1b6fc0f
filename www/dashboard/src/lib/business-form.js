// The business details form, used at sign-up (creating the account) and in Settings (changing
// it). It reads and writes the API's shape: legal name, country, address, website, support email,
// time zone.
import { h } from './dom.js';
import { t } from './i18n.js';
import { browserCountry, countryOptions, timeZones } from './countries.js';
import { button, field, liveRegion, onSubmit, validate } from './form.js';
import { emailProblem } from './email-code.js';

const required = (value) => (value.trim() ? null : t('form.required'));

function websiteProblem(value) {
  if (!value.trim()) return t('form.required');
  try {
    // The server takes https only, and a host with a dot in it.
    const u = new URL(value.trim());
    return u.protocol === 'https:' && u.hostname.includes('.') ? null : t('business.website_invalid');
  } catch {
    return t('business.website_invalid');
  }
}

/**
 * The form; `onSave(body)` sends it (its errors are announced). `account` fills it for editing.
 * Returns the <form>.
 */
export function businessForm({ account, submitLabel, onSave }) {
  const b = (account && account.business) || {};
  const a = b.address || {};
  const ownZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const f = {
    legal_name: field({ label: t('business.legal_name'), name: 'legal_name', required: true, value: b.legal_name || '', attrs: { autocomplete: 'organization' } }),
    country: field({
      label: t('business.country'),
      name: 'country',
      type: 'select',
      required: true,
      value: b.country || browserCountry(),
      options: [{ value: '', label: t('business.choose_country') }, ...countryOptions()],
      attrs: { autocomplete: 'country' },
    }),
    line1: field({ label: t('business.line1'), name: 'line1', required: true, value: a.line1 || '', attrs: { autocomplete: 'address-line1' } }),
    line2: field({ label: t('business.line2'), name: 'line2', optional: true, value: a.line2 || '', attrs: { autocomplete: 'address-line2' } }),
    city: field({ label: t('business.city'), name: 'city', required: true, value: a.city || '', attrs: { autocomplete: 'address-level2' } }),
    postal_code: field({ label: t('business.postal_code'), name: 'postal_code', required: true, value: a.postal_code || '', attrs: { autocomplete: 'postal-code' } }),
    state: field({ label: t('business.state'), name: 'state', optional: true, value: a.state || '', attrs: { autocomplete: 'address-level1' } }),
    website: field({ label: t('business.website'), name: 'website', type: 'url', required: true, value: b.website || '', hint: t('business.website_hint'), attrs: { autocomplete: 'url', placeholder: 'https://' } }),
    support_email: field({ label: t('business.support_email'), name: 'support_email', type: 'email', required: true, value: b.support_email || '', hint: t('business.support_email_hint'), attrs: { autocomplete: 'email' } }),
    timezone: field({
      label: t('business.timezone'),
      name: 'timezone',
      type: 'select',
      required: true,
      value: (account && account.timezone) || ownZone,
      hint: t('business.timezone_hint'),
      options: timeZones(account && account.timezone).map((z) => ({ value: z, label: z.replace(/_/g, ' ') })),
    }),
  };
  const alert = liveRegion('alert');
  const form = h(
    'form',
    { class: 'stack business-form', novalidate: true },
    f.legal_name.wrap,
    f.country.wrap,
    h('fieldset', null, h('legend', null, t('business.address')), f.line1.wrap, f.line2.wrap, h('div', { class: 'row' }, f.postal_code.wrap, f.city.wrap), f.state.wrap),
    f.website.wrap,
    f.support_email.wrap,
    f.timezone.wrap,
    alert,
    h('div', { class: 'actions' }, button(submitLabel, { type: 'submit' })),
  );
  onSubmit(form, alert, async () => {
    const v = (k) => f[k].control.value.trim();
    validate([
      [f.legal_name, required(v('legal_name'))],
      [f.country, v('country') ? null : t('business.country_required')],
      [f.line1, required(v('line1'))],
      [f.postal_code, required(v('postal_code'))],
      [f.city, required(v('city'))],
      [f.website, websiteProblem(v('website'))],
      [f.support_email, emailProblem(v('support_email'))],
    ]);
    const address = { line1: v('line1'), city: v('city'), postal_code: v('postal_code') };
    if (v('line2')) address.line2 = v('line2');
    if (v('state')) address.state = v('state');
    await onSave({ legal_name: v('legal_name'), country: v('country'), address, website: v('website'), support_email: v('support_email'), timezone: v('timezone') });
  });
  return form;
}
