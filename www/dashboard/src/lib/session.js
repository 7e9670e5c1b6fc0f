// Who is signed in, and where they must go when that is nobody or a user without a business yet.
import { api, onSignedOut, setCsrfToken } from './api.js';

/** Leaves the page; the promise never settles, so the caller's code after it never runs. */
export function go(url) {
  location.assign(url);
  return new Promise(() => {});
}

/** The sign-in page, coming back to `next` (this page by default) afterwards. */
export function signInUrl(next = location.pathname + location.search) {
  return `/dashboard/sign-in/?next=${encodeURIComponent(next)}`;
}

/**
 * `next` from a query string, only when it is a dashboard path on this origin: a sign-in link
 * must never send anyone to another site (open redirect) or back to the sign-in page itself.
 */
export function safeNext(value) {
  if (!value || !value.startsWith('/dashboard/') || value.startsWith('//')) return null;
  try {
    const url = new URL(value, location.origin);
    if (url.origin !== location.origin || !url.pathname.startsWith('/dashboard/')) return null;
    if (url.pathname.startsWith('/dashboard/sign-in/')) return null;
    return url.pathname + url.search + url.hash;
  } catch {
    return null;
  }
}

/** Takes on a session just returned by a sign-in, an invitation or a business switch. */
export function adopt(session) {
  setCsrfToken(session.csrf_token);
  return session;
}

// Any call that finds the session over (idle for 30 minutes, or signed out in another tab) goes to sign in.
onSignedOut(() => go(signInUrl()));

/**
 * The current session. Not signed in: to the sign-in page. No business yet: to the business
 * details step of the sign-up, unless this page works without one (`allowNoBusiness`).
 */
export async function loadSession({ allowNoBusiness = false } = {}) {
  let session;
  try {
    session = await api.get('/v1/dashboard/session', null, { signedOutRedirect: false });
  } catch (error) {
    if (error.code === 'not_signed_in') return go(signInUrl());
    throw error;
  }
  adopt(session);
  if (!allowNoBusiness && session.next === 'business_details') return go('/dashboard/sign-up/?step=business');
  return session;
}

/** The session if there is one, else null; for the sign-in pages, which work either way. */
export async function peekSession() {
  try {
    return adopt(await api.get('/v1/dashboard/session', null, { signedOutRedirect: false }));
  } catch {
    return null;
  }
}

/** Ends the session and goes to the sign-in page (or `to`). */
export async function signOut(to = '/dashboard/sign-in/') {
  try {
    await api.post('/v1/dashboard/sign_out');
  } finally {
    setCsrfToken(null);
    try {
      sessionStorage.clear();
    } catch {
      // Nothing stored, nothing to clear.
    }
    go(to);
  }
}
