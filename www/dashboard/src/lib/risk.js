// Risk rules as the API writes them (core/src/risk.rs): `{id, when, action}` where `when` is a
// serde externally tagged enum, a bare string for conditions without a value ("new_device") and
// a one-key object for the others ({"amount_above": 50000}).

/** Each condition and the kind of value it takes: none, a share 0–1, minor units, or a count. */
export const CONDITIONS = {
  new_device: null,
  device_not_trusted: null,
  device_revoked: null,
  new_country: null,
  fingerprint_similarity_below: 'share',
  fingerprint_missing: null,
  amount_above: 'minor',
  device_attempts_above: 'count',
  card_attempts_above: 'count',
  ip_attempts_above: 'count',
};

export const ACTIONS = ['allow', 'step_up', 'deny'];

/** `when` as `{ condition, value }` (value '' for conditions without one). */
export function readWhen(when) {
  if (typeof when === 'string') return { condition: when, value: '' };
  const [condition, value] = Object.entries(when || {})[0] || ['new_device', ''];
  return { condition, value: value == null ? '' : String(value) };
}

/** `{ condition, value }` back as `when`; value already checked. */
export function writeWhen(condition, value) {
  return CONDITIONS[condition] == null ? condition : { [condition]: Number(value) };
}

/** What is wrong with a condition's value, as a string-table key, or null. */
export function valueProblem(condition, text) {
  const kind = CONDITIONS[condition];
  if (kind == null) return null;
  const s = String(text).trim();
  if (kind === 'share') {
    const n = Number(s);
    return s !== '' && Number.isFinite(n) && n >= 0 && n <= 1 ? null : 'risk.value_share';
  }
  return /^\d+$/.test(s) && Number.isSafeInteger(Number(s)) && (kind === 'minor' || Number(s) <= 4294967295) ? null : 'risk.value_count';
}

/** Whether a rule id is one the API takes: 1–64 of a–z, 0–9 and _. */
export const validRuleId = (id) => /^[a-z0-9_]{1,64}$/.test(id);
