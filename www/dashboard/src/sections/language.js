// The dashboard's language: kept on the account (everyone's default) by those who may change it,
// else on this browser only.
import { api } from '../lib/api.js';
import { h } from '../lib/dom.js';
import { LANGUAGES, language, storeLanguage, t } from '../lib/i18n.js';
import { can } from '../lib/roles.js';
import { button, field, liveRegion, onSubmit } from '../lib/form.js';
import { sectionWith } from '../lib/section.js';

export function languageSection({ role }) {
  const pick = field({
    label: t('language.label'),
    name: 'locale',
    type: 'select',
    value: language(),
    hint: can(role, 'business') ? t('language.hint_account') : t('language.hint_browser'),
    options: LANGUAGES.map((l) => ({ value: l.code, label: l.name })),
  });
  // Each option names its language in that language.
  LANGUAGES.forEach((l, i) => {
    pick.control.options[i].lang = l.code;
  });
  const alert = liveRegion('alert');
  const form = h('form', { class: 'stack', novalidate: true }, pick.wrap, alert, h('div', { class: 'actions' }, button(t('language.save'), { type: 'submit' })));
  onSubmit(form, alert, async () => {
    const locale = pick.control.value;
    try {
      await api.post('/v1/account', { locale });
      storeLanguage(null);
    } catch (error) {
      if (error.code !== 'role_not_allowed' && error.status !== 403) throw error;
      storeLanguage(locale);
    }
    location.reload();
  });
  return sectionWith({ id: 'language' }, t('settings.language'), form);
}
