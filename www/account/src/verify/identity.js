// The identity step: names and date of birth as on a passport, identity card or driving licence,
// its number and issuing country, checked by the identity verifier. The answer is verified, in
// review (a person decides; nothing to do but wait) or rejected (check the details and send again).
// Tessera keeps the document's type, country and last four characters, never the whole number.
import { h, replace } from '../../../dashboard/src/lib/dom.js';
import { t } from '../../../dashboard/src/lib/i18n.js';
import { countryOptions } from '../../../dashboard/src/lib/countries.js';
import { isDay } from '../../../dashboard/src/lib/dates.js';
import { button, field, liveRegion, onSubmit, validate } from '../../../dashboard/src/lib/form.js';
import { api } from '../lib/api.js';
import { documentText } from '../lib/profile-text.js';

const DOCUMENTS = ['passport', 'id_card', 'driving_licence'];

/** Today as YYYY-MM-DD in the browser's own calendar (a birthday is a local date). */
function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Whole years from `born` to `on`, both YYYY-MM-DD. */
function age(born, on) {
  const [y, m, d] = born.split('-').map(Number);
  const [Y, M, D] = on.split('-').map(Number);
  return Y - y - ((M < m || (M === m && D < d)) ? 1 : 0);
}

function birthProblem(value) {
  if (!value) return t('form.required');
  if (!isDay(value)) return t('identity.dob_invalid');
  const years = age(value, today());
  if (years < 18) return t('identity.dob_too_young');
  return years > 130 ? t('identity.dob_invalid') : null;
}

const nameProblem = (value) => (!value ? t('form.required') : value.length > 100 ? t('identity.name_too_long') : null);
const numberProblem = (value) => (!value ? t('form.required') : /^[A-Z0-9-]{5,20}$/.test(value) ? null : t('identity.number_invalid'));

export function identityStep(account, { state, saved }) {
  const box = h('div', { class: 'stack' });
  const summary = documentText(account.identity && account.identity.document);

  function form() {
    const known = (account.identity && account.identity.document) || {};
    const f = {
      given_name: field({ label: t('identity.given_name'), name: 'given_name', required: true, value: known.given_name || '', attrs: { autocomplete: 'given-name' } }),
      family_name: field({ label: t('identity.family_name'), name: 'family_name', required: true, value: known.family_name || '', attrs: { autocomplete: 'family-name' } }),
      date_of_birth: field({ label: t('identity.date_of_birth'), name: 'date_of_birth', type: 'date', required: true, hint: t('identity.dob_hint'), attrs: { autocomplete: 'bday', max: today() } }),
      document_type: field({
        label: t('identity.document_type'),
        name: 'document_type',
        type: 'select',
        required: true,
        value: known.type || 'passport',
        options: DOCUMENTS.map((d) => ({ value: d, label: t(`document.${d}`) })),
      }),
      document_number: field({ label: t('identity.document_number'), name: 'document_number', required: true, hint: t('identity.number_hint'), attrs: { autocomplete: 'off', spellcheck: 'false', autocapitalize: 'characters' } }),
      issuing_country: field({
        label: t('identity.issuing_country'),
        name: 'issuing_country',
        type: 'select',
        required: true,
        value: known.issuing_country || (account.address && account.address.country) || '',
        options: [{ value: '', label: t('address.choose_country') }, ...countryOptions()],
      }),
    };
    const alert = liveRegion('alert');
    const el = h(
      'form',
      { class: 'stack', novalidate: true },
      h('div', { class: 'row' }, f.given_name.wrap, f.family_name.wrap),
      f.date_of_birth.wrap,
      h('fieldset', null, h('legend', null, t('identity.document')), f.document_type.wrap, f.document_number.wrap, f.issuing_country.wrap),
      alert,
      h('div', { class: 'actions' }, button(t('identity.submit'), { type: 'submit' })),
    );
    onSubmit(el, alert, async () => {
      const v = (k) => f[k].control.value.trim();
      const number = v('document_number').replace(/\s+/g, '').toUpperCase();
      validate([
        [f.given_name, nameProblem(v('given_name'))],
        [f.family_name, nameProblem(v('family_name'))],
        [f.date_of_birth, birthProblem(v('date_of_birth'))],
        [f.document_type, null],
        [f.document_number, numberProblem(number)],
        [f.issuing_country, v('issuing_country') ? null : t('address.country_required')],
      ]);
      const next = await api.post('/v1/me/identity', {
        given_name: v('given_name'),
        family_name: v('family_name'),
        date_of_birth: v('date_of_birth'),
        document_type: v('document_type'),
        document_number: number,
        issuing_country: v('issuing_country'),
      });
      saved(next, t(`identity.saved.${next.identity.status}`), { bad: next.identity.status === 'rejected' });
    });
    return el;
  }

  const intro = h('p', { class: 'hint' }, t('identity.intro'));
  if (state === 'later') replace(box, h('p', null, t('identity.later')));
  else if (state === 'done') replace(box, h('p', null, t('identity.verified'), ' ', summary || ''));
  else if (state === 'in_review') replace(box, h('p', { class: 'notice' }, t('identity.in_review')), summary && h('p', { class: 'hint' }, summary));
  else if (state === 'pending') replace(box, h('p', { class: 'notice' }, t('identity.pending')), h('div', { class: 'actions' }, button(t('identity.check_again'), { kind: 'secondary', onclick: () => location.reload() })));
  else if (state === 'rejected') replace(box, h('p', { class: 'notice notice-bad' }, t('identity.rejected')), intro, form());
  else replace(box, intro, form());
  return box;
}
