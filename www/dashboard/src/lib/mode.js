// Test or live: which set of the merchant's data the dashboard shows. Kept per tab in
// sessionStorage (a second tab may look at live data while this one stays in test), sent on every
// request as `Tessera-Mode`; the server refuses live until the business is verified.

const KEY = 'tessera.mode';

/** The current mode, `test` unless live was chosen in this tab. */
export function mode() {
  try {
    return sessionStorage.getItem(KEY) === 'live' ? 'live' : 'test';
  } catch {
    return 'test';
  }
}

/** Chooses a mode for this tab. */
export function setMode(next) {
  try {
    if (next === 'live') sessionStorage.setItem(KEY, 'live');
    else sessionStorage.removeItem(KEY);
  } catch {
    // Storage refused (privacy settings): the tab simply stays in test mode.
  }
}
