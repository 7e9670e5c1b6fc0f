// Branding: the name, colours and logo shoppers see on the card frame and invoice pages, with a
// live preview that also reports whether the colours keep text readable.
import { api } from '../lib/api.js';
import { h, replace } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { can } from '../lib/roles.js';
import { number } from '../lib/format.js';
import { contrast, textOn } from '../lib/contrast.js';
import { announce, button, field, liveRegion, onSubmit, validate } from '../lib/form.js';
import { sectionWith } from '../lib/section.js';

/** The server's limit on the logo's data URL (core/src/account/business.rs MAX_LOGO_CHARS). */
const MAX_LOGO_CHARS = 100 * 1024;
const DEFAULT_PRIMARY = '#0b7285';
const DEFAULT_BACKGROUND = '#ffffff';

const readDataUrl = (file) =>
  new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(Object.assign(new Error(file.name), { code: 'file_unreadable', message: '' }));
    reader.readAsDataURL(file);
  });

export function brandingSection({ role, account }) {
  const b = (account && account.branding) || {};
  const editable = can(role, 'business');
  const name = field({ label: t('branding.display_name'), name: 'display_name', value: b.display_name || (account && account.business && account.business.legal_name) || '', attrs: { maxlength: '100' } });
  const primary = field({ label: t('branding.primary'), name: 'color_primary', type: 'color', value: b.color_primary || DEFAULT_PRIMARY });
  const background = field({ label: t('branding.background'), name: 'color_background', type: 'color', value: b.color_background || DEFAULT_BACKGROUND });
  const logoInput = field({ label: t('branding.logo'), name: 'logo', type: 'file', optional: true, hint: t('branding.logo_hint'), attrs: { accept: 'image/png,image/jpeg' } });
  for (const f of [name, primary, background, logoInput]) f.control.disabled = !editable;

  // undefined: leave the logo as it is; null: remove it; a string: the new data URL.
  let logo;
  let shownLogo = b.logo || null;
  const logoPreview = h('div', { class: 'logo-current' });
  const removeLogo = button(t('branding.delete_logo'), {
    kind: 'secondary',
    onclick: () => {
      logo = null;
      shownLogo = null;
      logoInput.control.value = '';
      update();
      announce(status, t('branding.logo_removed_pending'));
    },
  });

  const swatch = h('div', { class: 'brand-preview' });
  const ratio = h('p', { class: 'hint' });
  function update() {
    const bg = background.control.value;
    const fg = primary.control.value;
    swatch.style.backgroundColor = bg;
    swatch.style.color = textOn(bg);
    const pay = h('span', { class: 'brand-preview-button' }, t('branding.preview_pay'));
    pay.style.backgroundColor = fg;
    pay.style.color = textOn(fg);
    replace(swatch, shownLogo ? h('img', { src: shownLogo, alt: '', class: 'brand-preview-logo' }) : null, h('span', { class: 'brand-preview-name' }, name.control.value || '—'), pay);
    const onButton = contrast(fg, textOn(fg));
    const onPage = contrast(bg, textOn(bg));
    const ok = (x) => (x >= 4.5 ? t('branding.ok') : t('branding.low'));
    replace(ratio, t('branding.contrast', { button: number(Math.round(onButton * 10) / 10), buttonOk: ok(onButton), page: number(Math.round(onPage * 10) / 10), pageOk: ok(onPage) }));
    replace(logoPreview, shownLogo ? [h('img', { src: shownLogo, alt: t('branding.logo_alt'), class: 'logo-thumb' }), editable ? removeLogo : null] : h('p', { class: 'hint' }, t('branding.no_logo')));
  }
  for (const f of [name, primary, background]) f.control.addEventListener('input', update);

  logoInput.control.addEventListener('change', async () => {
    const file = logoInput.control.files[0];
    logoInput.clearError();
    if (!file) return;
    if (!['image/png', 'image/jpeg'].includes(file.type)) {
      logoInput.setError(t('branding.logo_type'));
      return;
    }
    const url = await readDataUrl(file);
    if (url.length > MAX_LOGO_CHARS) {
      logoInput.setError(t('branding.logo_size'));
      return;
    }
    logo = url;
    shownLogo = url;
    update();
  });

  const alert = liveRegion('alert');
  const status = liveRegion('status');
  const preview = h('figure', { class: 'preview' }, swatch, h('figcaption', null, t('branding.preview')), ratio);
  const form = h(
    'form',
    { class: 'stack', novalidate: true },
    name.wrap,
    h('div', { class: 'row' }, primary.wrap, background.wrap),
    preview,
    logoInput.wrap,
    logoPreview,
    alert,
    status,
    editable ? h('div', { class: 'actions' }, button(t('branding.save'), { type: 'submit' })) : null,
  );
  onSubmit(form, alert, async () => {
    validate([
      [name, name.control.value.trim() ? null : t('form.required')],
      [logoInput, logoInput.control.getAttribute('aria-invalid') === 'true' ? t('branding.logo_fix') : null],
    ]);
    const body = { display_name: name.control.value.trim(), color_primary: primary.control.value.toLowerCase(), color_background: background.control.value.toLowerCase() };
    if (logo !== undefined) body.logo = logo;
    await api.post('/v1/account/branding', body);
    logo = undefined;
    announce(status, t('branding.saved'));
  });
  update();
  return sectionWith({ id: 'branding' }, t('settings.branding'), h('p', null, t('branding.intro')), form);
}
