// The only way the dashboard makes DOM. Text always goes in as text nodes and attributes as
// attributes, never through an HTML parser, so nothing an API returns can become markup.

/**
 * `h('a', { href, class: 'x', onclick: fn }, 'text', child, [more])`: an element with
 * attributes, listeners (`on…` functions) and children (strings, nodes, arrays; null and false
 * are skipped). `value` is set as a property after the children, so selects and textareas take it.
 * `style` is refused: the CSP has no 'unsafe-inline' and styles live in dashboard.css.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  let value;
  for (const [name, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (name === 'style') throw new Error('inline styles are not allowed; use a class');
    if (name === 'value') value = v;
    else if (name.startsWith('on') && typeof v === 'function') el.addEventListener(name.slice(2), v);
    else if (name === 'class') el.className = v;
    else el.setAttribute(name, v === true ? '' : String(v));
  }
  append(el, children);
  if (value !== undefined) el.value = String(value);
  return el;
}

/** Appends strings (as text), nodes and nested arrays of them. */
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces every child of `el`. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/**
 * A URL from the API, usable as an `href` only when it is http(s) or a same-origin path: a
 * `javascript:` URL in an invoice link must never run.
 */
export function safeUrl(url) {
  if (typeof url !== 'string') return null;
  try {
    const u = new URL(url, location.origin);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

let counter = 0;
/** A document-unique id for tying labels, hints and errors to their control. */
export function uid(prefix = 'id') {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** Text that only screen readers hear. */
export function srOnly(text) {
  return h('span', { class: 'visually-hidden' }, text);
}
