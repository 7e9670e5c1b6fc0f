// The account pages' one door to `/v1/me`: same origin, the cookies the browser sends itself, JSON
// both ways, and on every request that changes something the sign-in's CSRF token (from `GET
// /v1/me` or a sign-in's answer). A sign-in found over sends the person to sign in, and back here
// afterwards. Errors leave as the dashboard's `ApiError`, so forms show them the same way.
import { ApiError, withQuery } from '../../../dashboard/src/lib/api.js';
import { has, t } from '../../../dashboard/src/lib/i18n.js';

let csrfToken = null;
let signedOut = null;

/** Takes the CSRF token of the current sign-in (null when there is none). */
export function setCsrfToken(token) {
  csrfToken = token || null;
}

/** What to do when a call finds the sign-in over (the session module sends the person to sign in). */
export function onSignedOut(handler) {
  signedOut = handler;
}

// Codes whose API message speaks of payments or businesses (the same codes serve checkout and the
// dashboard): the account pages say it in their own words.
const REWORDED = new Set(['resend_limit', 'verification_not_allowed', 'unknown_passkey', 'origin_not_allowed']);

/**
 * One request. A state-changing one always carries JSON (`{}` when there is nothing to say) and
 * the CSRF token. `signedOutRedirect: false` lets a caller see the 401 instead of leaving the page.
 */
export async function request(method, path, { body, query, signedOutRedirect = true } = {}) {
  const changes = method !== 'GET';
  const headers = { Accept: 'application/json' };
  if (changes) {
    headers['Content-Type'] = 'application/json';
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  }
  let response;
  try {
    response = await fetch(withQuery(path, query), {
      method,
      headers,
      body: changes ? JSON.stringify(body ?? {}) : undefined,
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, { code: 'network_error', message: '' });
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = data && data.error ? data.error : { code: 'internal_error', message: '' };
    const failure = new ApiError(response.status, error, response.headers.get('Retry-After'));
    if (REWORDED.has(failure.code) && has(`error.${failure.code}`)) failure.message = t(`error.${failure.code}`);
    if (failure.code === 'account_not_signed_in' && signedOutRedirect && signedOut) signedOut();
    throw failure;
  }
  if (data && data.session && data.session.csrf_token) csrfToken = data.session.csrf_token;
  return data;
}

export const api = {
  get: (path, query, options) => request('GET', path, { ...options, query }),
  post: (path, body, options) => request('POST', path, { ...options, body }),
  put: (path, body, options) => request('PUT', path, { ...options, body }),
  del: (path, options) => request('DELETE', path, options),
};
