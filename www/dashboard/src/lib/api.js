// The one door to the edge's API. Same origin, the session cookie, JSON both ways; every
// state-changing request carries the session's CSRF token (the server refuses it otherwise) and
// every request the chosen mode. Errors come back as `{error: {code, message}}` and leave here as
// thrown `ApiError`s, so a page only ever deals with a `code` and a `message`.
import { mode } from './mode.js';

let csrfToken = null;
let signedOut = null;

/** The CSRF token of the current session, from `GET /v1/dashboard/session` or a sign-in. */
export function setCsrfToken(token) {
  csrfToken = token || null;
}

/** What to do when a call finds the session over (the session module sends the user to sign in). */
export function onSignedOut(handler) {
  signedOut = handler;
}

/** A refusal from the API (or the network), with the API's `code` and every extra field in `detail`. */
export class ApiError extends Error {
  constructor(status, error, retryAfter) {
    super(error.message || error.code);
    this.name = 'ApiError';
    this.status = status;
    this.code = error.code || 'internal_error';
    this.detail = error;
    this.retryAfter = retryAfter == null ? null : Number(retryAfter);
  }
}

/** A fresh `Idempotency-Key`: one per confirmation dialog, so a double click or a retry never moves money twice. */
export function newIdempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A path with its query; empty and missing values are left out. */
export function withQuery(path, query) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) {
    if (v != null && v !== '') params.set(k, String(v));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * One request. `body` undefined sends no body at all (some routes take none);
 * `signedOutRedirect: false` lets the session check itself see a 401 instead of leaving the page.
 */
export async function request(method, path, { body, query, idempotencyKey, signedOutRedirect = true } = {}) {
  const headers = { Accept: 'application/json', 'Tessera-Mode': mode() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  let response;
  try {
    response = await fetch(withQuery(path, query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
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
    if (response.status === 401 && failure.code === 'not_signed_in' && signedOutRedirect && signedOut) signedOut();
    throw failure;
  }
  return data;
}

export const api = {
  get: (path, query, options) => request('GET', path, { ...options, query }),
  post: (path, body, options) => request('POST', path, { ...options, body }),
  put: (path, body, options) => request('PUT', path, { ...options, body }),
  del: (path, options) => request('DELETE', path, options),
};
