// Data tables: a caption, column headers with scope, and a wrapper that scrolls sideways on a
// narrow screen; the wrapper is a labelled, focusable region so keyboard users can scroll it too.
import { h } from './dom.js';
import { t } from './i18n.js';

/**
 * `columns: [{ label, cell(row) → text|node, numeric?, rowHeader?, wrap? }]` (cells stay on one line
 * and the table scrolls, unless `wrap` lets long text such as errors break). `caption` is shown;
 * `hideCaption` keeps it for screen readers only when a heading above already says it.
 */
export function dataTable({ caption, columns, rows, empty, hideCaption = false, className = '' }) {
  if (!rows.length && empty) return h('p', { class: 'empty' }, empty);
  const table = h(
    'table',
    { class: `data ${className}`.trim() },
    h('caption', { class: hideCaption ? 'visually-hidden' : null }, caption),
    h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col', class: c.numeric ? 'num' : null }, c.label)))),
    h(
      'tbody',
      null,
      rows.map((row) =>
        h(
          'tr',
          null,
          columns.map((c) => h(c.rowHeader ? 'th' : 'td', { scope: c.rowHeader ? 'row' : null, class: [c.numeric && 'num', c.wrap && 'wrap'].filter(Boolean).join(' ') || null }, c.cell(row))),
        ),
      ),
    ),
  );
  // The region's name says "table" so it never repeats the name of the section around it.
  return h('div', { class: 'table-scroll', role: 'region', tabindex: '0', 'aria-label': t('common.table', { caption }) }, table);
}

/** A two-column description list from `[[term, value], …]` (values may be nodes); skips null values. */
export function descriptionList(pairs, className = 'facts') {
  return h(
    'dl',
    { class: className },
    pairs.filter(([, v]) => v != null).map(([term, value]) => h('div', null, h('dt', null, term), h('dd', null, value))),
  );
}
