// Form controls that are accessible by construction: every control has a visible <label>, its
// hint and its error are tied to it with aria-describedby, an error sets aria-invalid, and a
// form's own outcome is announced in a live region.
import { h, uid, replace } from './dom.js';
import { errorText, t } from './i18n.js';

/**
 * A labelled control. `type` is an input type, `select` (with `options: [{value, label}]`) or
 * `textarea`. Returns `{ wrap, control, setError(text), clearError() }`.
 */
export function field({ label, name, type = 'text', value, hint, required = false, optional = false, options = [], attrs = {}, className = '' }) {
  const id = uid(name || 'field');
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const common = { id, name, required, 'aria-describedby': hintId, ...attrs };
  let control;
  if (type === 'select') {
    control = h('select', { ...common, value }, options.map((o) => h('option', { value: o.value, disabled: o.disabled }, o.label)));
  } else if (type === 'textarea') {
    control = h('textarea', { rows: 3, ...common, value });
  } else {
    control = h('input', { type, ...common, value });
  }
  const error = h('p', { id: errorId, class: 'field-error', hidden: true });
  const labelText = optional ? [label, ' ', h('span', { class: 'optional' }, t('form.optional'))] : label;
  const wrap = h('div', { class: `field ${className}`.trim() }, h('label', { for: id }, labelText), hint && h('p', { id: hintId, class: 'hint' }, hint), control, error);
  return {
    wrap,
    control,
    setError(text) {
      replace(error, text);
      error.hidden = false;
      control.setAttribute('aria-invalid', 'true');
      control.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
    },
    clearError() {
      error.replaceChildren();
      error.hidden = true;
      control.removeAttribute('aria-invalid');
      if (hintId) control.setAttribute('aria-describedby', hintId);
      else control.removeAttribute('aria-describedby');
    },
  };
}

/** A checkbox with its label after it. */
export function checkbox({ label, name, value, checked = false, attrs = {} }) {
  const id = uid(name || 'check');
  const control = h('input', { type: 'checkbox', id, name, value, checked, ...attrs });
  return { wrap: h('div', { class: 'check' }, control, h('label', { for: id }, label)), control };
}

/**
 * An empty live region for a form's outcome: `role="alert"` for errors, `role="status"` for news
 * (`quiet` for counts and the like, shown as plain text rather than a green box).
 */
export function liveRegion(kind = 'alert', quiet = false) {
  return h('div', { role: kind, class: kind === 'alert' ? 'form-alert' : quiet ? 'count' : 'form-status' });
}

/** Puts a message in a live region (clearing it first so the same message is announced again). */
export function announce(region, text) {
  region.replaceChildren();
  if (text) requestAnimationFrame(() => replace(region, text));
}

/** A button: `kind` is primary (default), secondary, danger or link. */
export function button(text, { kind = 'primary', type = 'button', onclick, attrs = {} } = {}) {
  return h('button', { type, class: `btn btn-${kind}`, onclick, ...attrs }, text);
}

/**
 * Wires a form's submit: prevents the page load, ignores submits while one is running, marks the
 * pressed button busy (aria-disabled keeps focus on it, where `disabled` would drop it), and shows
 * what `run` throws in `alert` (its `field` errors on fields). `run(submitter)` does the work.
 */
export function onSubmit(form, alert, run) {
  let busy = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    const submitter = event.submitter || form.querySelector('[type=submit]');
    submitter?.setAttribute('aria-disabled', 'true');
    form.setAttribute('aria-busy', 'true');
    if (alert) alert.replaceChildren();
    try {
      await run(submitter);
    } catch (error) {
      if (alert) announce(alert, error instanceof InvalidForm ? error.message : errorText(error));
      else throw error;
    } finally {
      busy = false;
      submitter?.removeAttribute('aria-disabled');
      form.removeAttribute('aria-busy');
    }
  });
}

/** Thrown by a form's own checks; its fields already show their errors. */
export class InvalidForm extends Error {}

/**
 * Runs checks `[[fieldObject, errorTextOrNull], …]`: shows each error, focuses the first wrong
 * control, and throws InvalidForm so `onSubmit` says so once in the alert region.
 */
export function validate(checks) {
  let first = null;
  for (const [f, problem] of checks) {
    if (problem) {
      f.setError(problem);
      first ??= f;
    } else {
      f.clearError();
    }
  }
  if (first) {
    first.control.focus();
    throw new InvalidForm(t('form.fix_errors'));
  }
}

/** Runs `work` for a plain button (not a form), busy meanwhile, reporting errors in `alert`. */
export async function withBusy(btn, alert, work) {
  if (btn.getAttribute('aria-disabled') === 'true') return undefined;
  btn.setAttribute('aria-disabled', 'true');
  if (alert) alert.replaceChildren();
  try {
    return await work();
  } catch (error) {
    if (alert) announce(alert, errorText(error));
    else throw error;
    return undefined;
  } finally {
    btn.removeAttribute('aria-disabled');
  }
}
