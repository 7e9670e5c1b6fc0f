// Who is signed in to the account pages, and where a person goes when that is nobody.
import { api, onSignedOut, setCsrfToken } from './api.js';

/** Leaves the page; the promise never settles, so the caller's code after it never runs. */
export function go(url) {
  location.assign(url);
  return new Promise(() => {});
}

/** The sign-in page, coming back to `next` (this page by default) afterwards. */
export function signInUrl(next = location.pathname + location.search) {
  return `/account/sign-in/?next=${encodeURIComponent(next)}`;
}

/**
 * `next` from a query string, only when it is an account page on this origin: a sign-in link must
 * never send anyone to another site (open redirect), back to sign-in, or to a lock link.
 */
export function safeNext(value) {
  if (!value || !value.startsWith('/account/') || value.startsWith('//')) return null;
  try {
    const url = new URL(value, location.origin);
    if (url.origin !== location.origin || !url.pathname.startsWith('/account/')) return null;
    if (url.pathname.startsWith('/account/sign-in/') || url.pathname.startsWith('/account/lock/')) return null;
    return url.pathname + url.search + url.hash;
  } catch {
    return null;
  }
}

// Any call that finds the sign-in over (five idle minutes, signed out elsewhere, a revoked
// device, a locked account) goes to sign in, then back.
onSignedOut(() => go(signInUrl()));

/** The signed-in account (`GET /v1/me`); nobody signed in: to the sign-in page. */
export async function loadAccount() {
  try {
    return await api.get('/v1/me', null, { signedOutRedirect: false });
  } catch (error) {
    if (error.code === 'account_not_signed_in' || error.code === 'account_locked') return go(signInUrl());
    throw error;
  }
}

/** The account if someone is signed in, else null; for the sign-in page, which works either way. */
export async function peekAccount() {
  try {
    return await api.get('/v1/me', null, { signedOutRedirect: false });
  } catch {
    return null;
  }
}

/** Ends this sign-in and goes to the sign-in page (or `to`). */
export async function signOut(to = '/account/sign-in/') {
  try {
    await api.post('/v1/me/sign_out', undefined, { signedOutRedirect: false });
  } catch {
    // Already over: the sign-in page is where this ends either way.
  } finally {
    setCsrfToken(null);
  }
  return go(to);
}
