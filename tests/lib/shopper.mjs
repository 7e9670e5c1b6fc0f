// A shopper's personal account as a browser uses it, from node: the account and device cookies,
// the edge's own Origin and the session's CSRF token on every request that changes something.
import { api } from './checkout.mjs';
import { latestCode } from './outbox.mjs';

/** The cookies a response sets, as one `Cookie` header merged over `jar`. */
export function cookies(jar, response) {
  const next = new Map(jar.split('; ').filter(Boolean).map((c) => c.split(/=(.*)/s).slice(0, 2)));
  for (const line of response.headers.getSetCookie()) {
    const [pair, ...attrs] = line.split('; ');
    const [name, value] = pair.split(/=(.*)/s);
    if (attrs.some((a) => a === 'Max-Age=0')) next.delete(name);
    else next.set(name, value);
  }
  return [...next].map(([n, v]) => `${n}=${v}`).join('; ');
}

/** A browser of a shopper: its cookie jar and what its pages send. */
export function shopperBrowser(url, { userAgent = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36', country = 'GB' } = {}) {
  return {
    jar: '',
    csrf: undefined,
    async call(method, path, body, { origin = url, withCsrf = true, headers = {} } = {}) {
      const r = await api(url, path, {
        method,
        body,
        headers: {
          ...(this.jar ? { Cookie: this.jar } : {}),
          'User-Agent': userAgent,
          'X-Tessera-Dev-Country': country,
          ...(method !== 'GET' ? { Origin: origin } : {}),
          ...(method !== 'GET' && withCsrf && this.csrf ? { 'X-CSRF-Token': this.csrf } : {}),
          ...headers,
        },
      });
      this.jar = cookies(this.jar, r);
      if (r.json?.session?.csrf_token) this.csrf = r.json.session.csrf_token;
      return r;
    },
    /** Signs in (or up) with the code the outbox received; the verify answer. */
    async signIn(email) {
      const sent = await this.call('POST', '/v1/me/codes', { email });
      if (sent.status !== 201) throw new Error(`code: ${sent.status} ${sent.text}`);
      return this.call('POST', `/v1/me/codes/${sent.json.id}/verify`, { code: await latestCode(url, email) });
    },
  };
}

/** Proves `phone` for the signed-in browser. */
export async function addPhone(url, b, phone) {
  const sent = await b.call('POST', '/v1/me/phone', { phone });
  if (sent.status !== 201) throw new Error(`phone: ${sent.status} ${sent.text}`);
  return b.call('POST', '/v1/me/phone/verify', { id: sent.json.id, code: await latestCode(url, phone) });
}
