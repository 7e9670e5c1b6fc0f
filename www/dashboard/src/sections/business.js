// Business details in Settings: the form for owners and admins, the facts for everyone else.
import { api } from '../lib/api.js';
import { h } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { can } from '../lib/roles.js';
import { descriptionList } from '../lib/table.js';
import { countryName } from '../lib/countries.js';
import { businessForm } from '../lib/business-form.js';
import { announce, liveRegion } from '../lib/form.js';
import { sectionWith } from '../lib/section.js';

function addressText(a) {
  return a ? [a.line1, a.line2, [a.postal_code, a.city].filter(Boolean).join(' '), a.state].filter(Boolean).join(', ') : '—';
}

export function businessSection({ role, account, onSaved }) {
  const b = (account && account.business) || {};
  if (!can(role, 'business')) {
    return sectionWith(
      { id: 'business' },
      t('settings.business'),
      descriptionList([
        [t('business.legal_name'), b.legal_name || '—'],
        [t('business.country'), b.country ? countryName(b.country) : '—'],
        [t('business.address'), addressText(b.address)],
        [t('business.website'), b.website || '—'],
        [t('business.support_email'), b.support_email || '—'],
        [t('business.timezone'), account ? account.timezone : '—'],
      ]),
    );
  }
  const status = liveRegion('status');
  const form = businessForm({
    account,
    submitLabel: t('settings.save_business'),
    onSave: async (body) => {
      const saved = await api.post('/v1/account', body);
      announce(status, t('settings.business_saved'));
      onSaved?.(saved);
    },
  });
  return sectionWith({ id: 'business' }, t('settings.business'), h('p', { class: 'hint' }, t('settings.business_hint')), form, status);
}
