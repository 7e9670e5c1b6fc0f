// Status badges. The word carries the meaning; the colour only repeats it.
import { h } from './dom.js';
import { label } from './i18n.js';

const TONE = {
  succeeded: 'good', paid: 'good', won: 'good', verified: 'good', active: 'good', delivered: 'good', approved: 'good', allow: 'good',
  requires_capture: 'warn', processing: 'info', pending: 'info', open: 'info', under_review: 'info', in_review: 'info', invited: 'info', draft: 'neutral',
  needs_response: 'warn', step_up: 'warn', unverified: 'neutral', retrying: 'warn',
  failed: 'bad', canceled: 'neutral', void: 'neutral', lost: 'bad', rejected: 'bad', deny: 'bad', declined: 'bad',
};

/** A badge for an API status in the `status.` namespace of the string tables. */
export function badge(status, prefix = 'status') {
  return h('span', { class: `badge badge-${TONE[status] || 'neutral'}` }, label(prefix, status));
}
