// Allowed origins: the storefronts allowed to embed the card frame (its CSP frame-ancestors).
import { api } from '../lib/api.js';
import { h } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { can } from '../lib/roles.js';
import { announce, button, field, liveRegion, onSubmit, validate } from '../lib/form.js';
import { section } from '../lib/section.js';

/** Whether a line is an origin: scheme and host (and port), nothing else; http only for localhost. */
export function isOrigin(text) {
  try {
    const u = new URL(text);
    const local = u.hostname === 'localhost' || u.hostname === '127.0.0.1';
    return (u.protocol === 'https:' || (u.protocol === 'http:' && local)) && u.origin === text.replace(/\/$/, '');
  } catch {
    return false;
  }
}

export function originsSection({ role, account }) {
  const list = (account && account.allowed_origins) || [];
  if (!can(role, 'integration')) {
    return section(t('origins.title'), h('p', null, t('origins.intro')), list.length ? h('ul', { class: 'plain mono' }, list.map((o) => h('li', null, o))) : h('p', { class: 'empty' }, t('origins.none')));
  }
  const origins = field({ label: t('origins.label'), name: 'allowed_origins', type: 'textarea', value: list.join('\n'), hint: t('origins.hint'), attrs: { rows: 4, spellcheck: 'false', autocapitalize: 'none' } });
  const alert = liveRegion('alert');
  const status = liveRegion('status');
  const form = h('form', { class: 'stack', novalidate: true }, origins.wrap, alert, status, h('div', { class: 'actions' }, button(t('origins.save'), { type: 'submit' })));
  onSubmit(form, alert, async () => {
    const lines = origins.control.value.split(/\s+/).map((s) => s.trim().replace(/\/$/, '')).filter(Boolean);
    const bad = lines.find((l) => !isOrigin(l));
    validate([[origins, bad ? t('origins.invalid', { origin: bad }) : lines.length > 20 ? t('origins.too_many') : null]]);
    const saved = await api.post('/v1/account/allowed_origins', { allowed_origins: [...new Set(lines)] });
    origins.control.value = (saved.allowed_origins || lines).join('\n');
    announce(status, t('origins.saved'));
  });
  return section(t('origins.title'), h('p', null, t('origins.intro')), form);
}
