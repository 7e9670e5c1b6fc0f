// The levels of a personal account in order, where each stands, and what each unlocks, in words.
// The account's `levels`, `next_level`, `identity.status` and `capabilities` are the API's.
import { h } from '../../../dashboard/src/lib/dom.js';
import { number } from '../../../dashboard/src/lib/format.js';
import { t } from '../../../dashboard/src/lib/i18n.js';

export const LEVELS = ['email', 'phone', 'address', 'identity'];

/**
 * Where `level` stands for `account`: `done`; `next` (the one to work on); `in_review`,
 * `pending` or `rejected` (identity submitted, not reached); or `later` (an earlier step first).
 */
export function standing(account, level) {
  if ((account.levels || []).includes(level)) return 'done';
  if (level === 'identity' && ['in_review', 'pending', 'rejected'].includes(account.identity && account.identity.status)) {
    return account.next_level === 'identity' ? account.identity.status : 'later';
  }
  return account.next_level === level ? 'next' : 'later';
}

const TONE = { done: 'good', next: 'info', in_review: 'info', pending: 'info', rejected: 'bad', later: 'neutral' };

/** A badge saying where a level stands: the word carries the meaning, the colour repeats it. */
export function standingBadge(state) {
  return h('span', { class: `badge badge-${TONE[state] || 'neutral'}` }, t(`standing.${state}`));
}

/** What a capability is, in words. */
export const capabilityName = (name) => t(`capability.${name}`);

/** The saved-card payment limit, in the payment's own currency. */
export function limitText(account) {
  const major = account.limits && account.limits.saved_card_payment_major;
  return major == null ? null : t('overview.limit', { amount: number(major) });
}
