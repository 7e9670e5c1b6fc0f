// The dashboard's API as a browser uses it, from node: the session cookie, the edge's own
// Origin and the session's CSRF token on every request that changes something.
import { api } from './checkout.mjs';
import { latestCode } from './outbox.mjs';

export const BUSINESS = {
  legal_name: "Ada's Books GmbH",
  country: 'DE',
  address: { line1: 'Hauptstr. 1', city: 'Berlin', postal_code: '10115' },
  website: 'https://ada-books.example',
  support_email: 'help@ada-books.example',
  timezone: 'Europe/Berlin',
};

/** A signed-in dashboard user: `call` sends what the dashboard sends. */
export function member(url, cookie, csrf) {
  return {
    cookie,
    csrf,
    async call(method, path, body, { mode, origin = url, withCsrf = true, headers = {} } = {}) {
      return api(url, path, {
        method,
        body,
        headers: {
          Cookie: cookie,
          ...(method !== 'GET' ? { Origin: origin } : {}),
          ...(method !== 'GET' && withCsrf ? { 'X-CSRF-Token': this.csrf } : {}),
          ...(mode ? { 'Tessera-Mode': mode } : {}),
          ...headers,
        },
      });
    },
  };
}

/** Signs `email` in with the code the outbox received. */
export async function signIn(url, email) {
  const sent = await api(url, '/v1/dashboard/email_codes', { method: 'POST', body: { email }, headers: { Origin: url } });
  if (sent.status !== 201) throw new Error(`email code: ${sent.status} ${sent.text}`);
  const code = await latestCode(url, email.toLowerCase());
  const verified = await api(url, `/v1/dashboard/email_codes/${sent.json.id}/verify`, { method: 'POST', body: { code }, headers: { Origin: url } });
  if (verified.status !== 200) throw new Error(`verify: ${verified.status} ${verified.text}`);
  const cookie = verified.headers.get('set-cookie').split(';')[0];
  return { ...member(url, cookie, verified.json.csrf_token), session: verified.json, setCookie: verified.headers.get('set-cookie') };
}

/** A new user with a new business: the owner, signed in, and the test keys shown once. */
export async function signUp(url, email, business = BUSINESS) {
  const owner = await signIn(url, email);
  const created = await owner.call('POST', '/v1/account', business);
  if (created.status !== 201) throw new Error(`account: ${created.status} ${created.text}`);
  return { owner, account: created.json.account, keys: created.json.keys };
}

/** Invites `email` with `role` and signs them in through the invitation's link. */
export async function invite(url, owner, email, role) {
  const invited = await owner.call('POST', '/v1/members', { email, role });
  if (invited.status !== 201) throw new Error(`invite: ${invited.status} ${invited.text}`);
  const messages = (await api(url, `/dev/outbox?to=${encodeURIComponent(email)}`)).json.messages;
  const token = messages[0].body.match(/token=(inv_[a-z2-7]+)/)[1];
  const person = await signIn(url, email);
  const joined = await person.call('POST', '/v1/dashboard/invites/accept', { token });
  if (joined.status !== 200) throw new Error(`accept: ${joined.status} ${joined.text}`);
  return { person, member: invited.json };
}
