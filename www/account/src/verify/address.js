// The home-address step: country first (it decides the format), then the lines, city, region and
// postal code. The server checks the address against its country's format and names the field at
// fault (`invalid_home_address` with `field` and `reason`); that field shows why.
import { h, replace } from '../../../dashboard/src/lib/dom.js';
import { errorText, has, t } from '../../../dashboard/src/lib/i18n.js';
import { browserCountry, countryName, countryOptions } from '../../../dashboard/src/lib/countries.js';
import { button, field, InvalidForm, liveRegion, onSubmit, validate } from '../../../dashboard/src/lib/form.js';
import { api } from '../lib/api.js';
import { addressText } from '../lib/profile-text.js';

export function addressStep(account, { state, saved }) {
  const box = h('div', { class: 'stack' });

  function showDone(focus) {
    const change = button(t('address.change'), { kind: 'secondary', onclick: () => showForm(true) });
    replace(box, h('p', null, addressText(account.address)), h('div', { class: 'actions' }, change));
    if (focus === true) change.focus();
  }

  function showForm(changing) {
    const a = account.address || {};
    const f = {
      country: field({
        label: t('address.country'),
        name: 'country',
        type: 'select',
        required: true,
        value: a.country || browserCountry(),
        options: [{ value: '', label: t('address.choose_country') }, ...countryOptions()],
        attrs: { autocomplete: 'country' },
      }),
      line1: field({ label: t('address.line1'), name: 'line1', required: true, value: a.line1 || '', hint: t('address.line1_hint'), attrs: { autocomplete: 'address-line1' } }),
      line2: field({ label: t('address.line2'), name: 'line2', optional: true, value: a.line2 || '', attrs: { autocomplete: 'address-line2' } }),
      city: field({ label: t('address.city'), name: 'city', value: a.city || '', attrs: { autocomplete: 'address-level2' } }),
      region: field({ label: t('address.region'), name: 'region', value: a.region || '', hint: t('address.region_hint'), attrs: { autocomplete: 'address-level1' } }),
      postal_code: field({ label: t('address.postal_code'), name: 'postal_code', value: a.postal_code || '', attrs: { autocomplete: 'postal-code', spellcheck: 'false' } }),
    };
    const alert = liveRegion('alert');
    const actions = h('div', { class: 'actions' }, button(t('address.save'), { type: 'submit' }), changing ? button(t('common.cancel'), { kind: 'secondary', onclick: () => showDone(true) }) : null);
    const form = h(
      'form',
      { class: 'stack', novalidate: true },
      h('p', { class: 'hint' }, t('address.intro')),
      f.country.wrap,
      f.line1.wrap,
      f.line2.wrap,
      h('div', { class: 'row' }, f.postal_code.wrap, f.city.wrap),
      f.region.wrap,
      alert,
      actions,
    );
    onSubmit(form, alert, async () => {
      const v = (k) => f[k].control.value.trim();
      validate([
        [f.country, v('country') ? null : t('address.country_required')],
        [f.line1, v('line1') ? null : t('form.required')],
        [f.line2, null],
        [f.city, null],
        [f.region, null],
        [f.postal_code, null],
      ]);
      const body = { line1: v('line1'), country: v('country') };
      for (const k of ['line2', 'city', 'region', 'postal_code']) if (v(k)) body[k] = v(k);
      try {
        const next = await api.put('/v1/me/address', body);
        saved(next, t('address.saved'));
      } catch (error) {
        const wrong = error.code === 'invalid_home_address' && f[error.detail.field];
        if (!wrong) throw error;
        const reason = `address.reason.${error.detail.reason}`;
        wrong.setError(has(reason) ? t(reason, { country: countryName(body.country) }) : errorText(error));
        wrong.control.focus();
        throw new InvalidForm(t('form.fix_errors'));
      }
    });
    replace(box, form);
    if (changing) f.country.control.focus();
  }

  if (state === 'later') replace(box, h('p', null, t('address.later')));
  else if (state === 'done') showDone();
  else showForm(false);
  return box;
}
