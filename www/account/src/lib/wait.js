// How long something must wait, in words: the `Retry-After` of a sign-in block as "until 14:05
// tomorrow (about 24 hours)" rather than a number of seconds.
import { dateTime } from '../../../dashboard/src/lib/format.js';
import { t } from '../../../dashboard/src/lib/i18n.js';

/** `seconds` as about so many hours, minutes or seconds. */
export function waitText(seconds) {
  const s = Math.max(1, Math.round(seconds));
  if (s >= 5400) return t('wait.hours', { count: Math.round(s / 3600) });
  if (s >= 90) return t('wait.minutes', { count: Math.round(s / 60) });
  return t('wait.seconds', { count: s });
}

/** What to tell someone whose codes are blocked, from the API's error and its Retry-After. */
export function blockedText(error) {
  if (!error.retryAfter) return t('signin.blocked_later');
  return t('signin.blocked_until', { until: dateTime(Date.now() / 1000 + error.retryAfter), wait: waitText(error.retryAfter) });
}
