// Charts with uPlot: small, canvas-drawn, styled through the CSSOM only (no <style> elements,
// which the CSP would refuse). A chart is decoration over data that is also given as a table;
// it is one labelled image to assistive technology.
import uPlot from 'uplot';
import { h } from './dom.js';

const INK = '#3e4c59';
const GRID = '#e4e7eb';
export const COLORS = { teal: '#0b7285', indigo: '#4c51bf', amber: '#b7791f', red: '#c53030' };
const FONT = '12px system-ui, -apple-system, "Segoe UI", sans-serif';

/**
 * A chart over categories (days, decline codes). `labels` name the categories on the x axis;
 * each series is `{ label, values, color, bars? }`; `yFormat` writes the y axis' values;
 * `summary` is the accessible name.
 */
export function chart({ labels, series, yFormat = String, summary, yRange }) {
  const box = h('div', { class: 'chart', role: 'img', 'aria-label': summary });
  const xs = labels.map((_, i) => i);
  const height = 220;
  const opts = {
    width: 320,
    height,
    legend: { show: false },
    cursor: { show: false },
    padding: [12, 12, 0, 0],
    scales: {
      x: { time: false, range: [-0.5, Math.max(labels.length - 0.5, 0.5)] },
      y: yRange ? { range: yRange } : { range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1] },
    },
    axes: [
      {
        stroke: INK,
        font: FONT,
        grid: { show: false },
        ticks: { stroke: GRID },
        space: 48,
        incrs: [1, 2, 5, 7, 10, 15],
        values: (u, splits) => splits.map((i) => (Number.isInteger(i) && labels[i] != null ? labels[i] : '')),
      },
      { stroke: INK, font: FONT, size: 64, grid: { stroke: GRID, width: 1 }, ticks: { show: false }, values: (u, splits) => splits.map((v) => yFormat(v)) },
    ],
    series: [
      {},
      ...series.map((s) =>
        s.bars
          ? { label: s.label, stroke: s.color, fill: `${s.color}cc`, width: 0, paths: uPlot.paths.bars({ size: [0.6, 48] }), points: { show: false } }
          : { label: s.label, stroke: s.color, width: 2, fill: `${s.color}1a`, points: { show: labels.length < 2 }, spanGaps: false },
      ),
    ],
  };
  const data = [xs, ...series.map((s) => s.values)];
  // Drawn once the box is in the page and has a width; redrawn when that width changes.
  requestAnimationFrame(() => {
    const plot = new uPlot({ ...opts, width: Math.max(box.clientWidth, 240) }, data, box);
    new ResizeObserver(() => {
      const width = Math.max(box.clientWidth, 240);
      if (Math.abs(width - plot.width) > 1) plot.setSize({ width, height });
    }).observe(box);
  });
  return box;
}

/**
 * Horizontal bars for a few named categories (decline reasons): the names stay readable on a
 * phone, where a canvas axis would crowd them. Widths go through the CSSOM, which the CSP allows.
 */
export function barList({ rows, summary, color = COLORS.amber }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return h(
    'div',
    { class: 'bar-list', role: 'img', 'aria-label': summary },
    rows.map((r) => {
      const fill = h('span', { class: 'bar-fill' });
      fill.style.width = `${(r.value / max) * 100}%`;
      fill.style.backgroundColor = color;
      return h('div', { class: 'bar-row' }, h('span', { class: 'bar-label' }, r.label), h('span', { class: 'bar-track' }, fill), h('span', { class: 'bar-value' }, r.text));
    }),
  );
}
