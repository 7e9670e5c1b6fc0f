// Unauthorised-payment claims in words, for the merchant's pages and the shopper's: the deadline
// (past it, "Overdue" in words, not only colour), the length a description or an explanation
// must have (as the server checks it: 10 to 2000 characters), and the payments the claims are about.
import { api } from './api.js';
import { h } from './dom.js';
import { t } from './i18n.js';
import { dateTime, timeElement } from './format.js';

const HOUR = 3600;

/** An open claim's deadline, in bold, with the hours left on its last day or "Overdue"; an answered one's, plain. */
export function claimDeadline(c) {
  if (c.status !== 'open') return timeElement(c.due_at, dateTime);
  const left = c.due_at - Date.now() / 1000;
  let flag = null;
  if (left <= 0) flag = h('strong', { class: 'badge badge-bad' }, t('claims.overdue'));
  else if (left < 24 * HOUR) flag = h('span', { class: 'badge badge-warn' }, t('claims.hours_left', { count: Math.max(1, Math.ceil(left / HOUR)) }));
  return h('span', { class: left <= 0 ? 'deadline soon' : 'deadline' }, h('strong', null, timeElement(c.due_at, dateTime)), flag ? [' ', flag] : null);
}

/** What is wrong with a claim's description or a rejection's explanation, or null. */
export function claimTextProblem(text) {
  const length = [...text.trim()].length;
  if (length === 0) return t('claim_text.required');
  if (length < 10) return t('claim_text.too_short');
  if (length > 2000) return t('claim_text.too_long');
  return null;
}

/** Fetches into `known` (id → payment, or null when it cannot be read) the payments of `claims` not in it yet. */
export async function loadPayments(claims, known) {
  const missing = [...new Set(claims.map((c) => c.payment))].filter((id) => !known.has(id));
  const found = await Promise.all(missing.map((id) => api.get(`/v1/payments/${encodeURIComponent(id)}`).catch(() => null)));
  missing.forEach((id, i) => known.set(id, found[i]));
  return known;
}
