// Risk rules: the operator's defaults, read-only, and the merchant's own rules evaluated in
// addition (more checks, never fewer), edited as a list by developers, admins and owners.
import { api } from '../lib/api.js';
import { h, replace } from '../lib/dom.js';
import { errorText, label, t } from '../lib/i18n.js';
import { can } from '../lib/roles.js';
import { number } from '../lib/format.js';
import { dataTable } from '../lib/table.js';
import { badge } from '../lib/badge.js';
import { ACTIONS, CONDITIONS, readWhen, validRuleId, valueProblem, writeWhen } from '../lib/risk.js';
import { announce, button, field, liveRegion, onSubmit, validate } from '../lib/form.js';
import { section, sectionWith } from '../lib/section.js';

function rulesTable(rules, caption) {
  return dataTable({
    caption,
    hideCaption: true,
    columns: [
      { label: t('risk.col_id'), cell: (r) => h('code', null, r.id), rowHeader: true },
      { label: t('risk.col_condition'), cell: (r) => label('condition', readWhen(r.when).condition) },
      { label: t('risk.col_value'), cell: (r) => readWhen(r.when).value || '—', numeric: true },
      { label: t('risk.col_action'), cell: (r) => badge(r.action, 'action') },
    ],
    rows: rules,
    empty: t('risk.none'),
  });
}

function editor(rules, { onSaved }) {
  const rows = [];
  const list = h('ol', { class: 'rules' });
  const add = button(t('risk.add'), { kind: 'secondary' });

  function renumber() {
    rows.forEach((row, i) => replace(row.legend, t('risk.rule_n', { n: i + 1 })));
  }

  function addRow(rule, focus) {
    const when = readWhen(rule.when);
    const row = {
      legend: h('legend'),
      id: field({ label: t('risk.col_id'), name: 'id', value: rule.id, hint: t('risk.id_hint'), attrs: { autocomplete: 'off', spellcheck: 'false', maxlength: '64' } }),
      condition: field({ label: t('risk.col_condition'), name: 'condition', type: 'select', value: when.condition, options: Object.keys(CONDITIONS).map((c) => ({ value: c, label: label('condition', c) })) }),
      value: field({ label: t('risk.col_value'), name: 'value', value: when.value, hint: t('risk.hint_count'), attrs: { inputmode: 'decimal', autocomplete: 'off' } }),
      action: field({ label: t('risk.col_action'), name: 'action', type: 'select', value: rule.action, options: ACTIONS.map((a) => ({ value: a, label: label('action', a) })) }),
    };
    // The value's hint says what kind of number this condition takes; conditions without one hide the field.
    const valueHint = row.value.wrap.querySelector('.hint');
    const sync = () => {
      const kind = CONDITIONS[row.condition.control.value];
      row.value.wrap.hidden = kind == null;
      if (kind) replace(valueHint, t(`risk.hint_${kind}`));
      else row.value.clearError();
    };
    row.condition.control.addEventListener('change', sync);
    const remove = button([t('risk.remove')], {
      kind: 'link',
      onclick: () => {
        const i = rows.indexOf(row);
        rows.splice(i, 1);
        row.el.remove();
        renumber();
        (rows[Math.max(0, i - 1)]?.id.control || add).focus();
      },
    });
    row.el = h('li', null, h('fieldset', { class: 'rule' }, row.legend, h('div', { class: 'rule-grid' }, row.id.wrap, row.condition.wrap, row.value.wrap, row.action.wrap), remove));
    rows.push(row);
    list.append(row.el);
    sync();
    renumber();
    if (focus) row.id.control.focus();
  }

  add.addEventListener('click', () => addRow({ id: '', when: 'new_device', action: 'step_up' }, true));
  rules.forEach((r) => addRow(r, false));

  const alert = liveRegion('alert');
  const status = liveRegion('status');
  const form = h('form', { class: 'stack', novalidate: true }, list, add, alert, status, h('div', { class: 'actions' }, button(t('risk.save'), { type: 'submit' })));
  onSubmit(form, alert, async () => {
    const seen = new Set();
    const checks = [];
    for (const row of rows) {
      const id = row.id.control.value.trim();
      checks.push([row.id, !validRuleId(id) ? t('risk.id_invalid') : seen.has(id) ? t('risk.id_taken') : null]);
      seen.add(id);
      const problem = valueProblem(row.condition.control.value, row.value.control.value);
      checks.push([row.value, problem ? t(problem) : null]);
    }
    validate(checks);
    const body = {
      rules: rows.map((row) => ({ id: row.id.control.value.trim(), when: writeWhen(row.condition.control.value, row.value.control.value.trim()), action: row.action.control.value })),
    };
    const saved = await api.put('/v1/risk/rules', body);
    announce(status, t('risk.saved', { count: (saved.rules || body.rules).length }));
    onSaved?.(saved);
  });
  return form;
}

export function riskRulesSection({ role }) {
  const body = h('div', { class: 'stack' }, h('p', { class: 'loading' }, t('common.loading')));
  api
    .get('/v1/risk/rules')
    .then((rules) => {
      const defaults = rules.defaults || { rules: [] };
      const windowSeconds = defaults.velocity_window_seconds;
      replace(
        body,
        sectionWith({ level: 3, className: 'subsection' }, t('risk.yours'), h('p', null, t('risk.yours_intro')), can(role, 'integration') ? editor(rules.rules || [], {}) : rulesTable(rules.rules || [], t('risk.yours'))),
        sectionWith(
          { level: 3, className: 'subsection' },
          t('risk.defaults'),
          h('p', null, t('risk.defaults_intro'), windowSeconds ? [' ', t('risk.window', { minutes: number(Math.round(windowSeconds / 60)) })] : null),
          rulesTable(defaults.rules || [], t('risk.defaults')),
        ),
      );
    })
    .catch((error) => replace(body, h('p', { role: 'alert', class: 'notice notice-bad' }, errorText(error))));
  return section(t('risk.title'), h('p', null, t('risk.intro')), body);
}
