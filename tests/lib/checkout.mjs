// A merchant's server and a card frame, written with independent libraries: `jose` encrypts
// the card, `dpop` (panva) makes the proofs, Node's fetch talks HTTP.
import * as DPoP from 'dpop';
import * as jose from 'jose';

/** EMV 3DS browser fields as a desktop Chrome would report them. */
export const browser = {
  browserAcceptHeader: 'text/html,application/xhtml+xml',
  browserJavaEnabled: false,
  browserJavascriptEnabled: true,
  browserLanguage: 'en-GB',
  browserColorDepth: 24,
  browserScreenHeight: 1080,
  browserScreenWidth: 1920,
  browserTz: -60,
  browserUserAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0',
};

/** A random valid Visa number (the sandbox approves any number that is not a test card). */
export function randomVisa() {
  const digits = [4, ...Array.from({ length: 14 }, () => Math.floor(Math.random() * 10))];
  const sum = digits.reduce((acc, d, i) => {
    const fromRight = digits.length - i; // the check digit will be position 0
    const doubled = fromRight % 2 === 1 ? d * 2 : d;
    return acc + (doubled > 9 ? doubled - 9 : doubled);
  }, 0);
  return [...digits, (10 - (sum % 10)) % 10].join('');
}

/** The fingerprint components a desktop browser gives, in the widget's canonical order. */
const FINGERPRINT_ORDER = ['canvas', 'webgl', 'fonts', 'platform', 'hardware_concurrency', 'device_memory', 'touch_points', 'screen', 'color_depth', 'time_zone', 'languages', 'user_agent'];
export const machine = {
  canvas: 'data:image/png;base64,AAAA', webgl: 'ANGLE (Intel)', fonts: 'Arial,DejaVu Sans', platform: 'Linux x86_64',
  hardware_concurrency: '8', device_memory: '8', touch_points: '0', screen: '1920x1080', color_depth: '24',
  time_zone: 'Europe/Berlin', languages: 'en-GB,en', user_agent: 'Chrome/156',
};

const sha256 = async (text) => Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))).toString('base64url');

/** A device fingerprint as the card frame sends it (hashed components, then their hash). */
export async function fingerprint(values = machine) {
  const components = {};
  for (const name of FINGERPRINT_ORDER) if (values[name] !== undefined) components[name] = await sha256(`${name}=${values[name].trim()}`);
  const hash = await sha256(FINGERPRINT_ORDER.filter((n) => components[n]).map((n) => components[n]).join('.'));
  return { components, hash };
}

export const card = (number, extra = {}) => ({ number, exp_month: 12, exp_year: new Date().getUTCFullYear() + 3, cvc: '123', ...extra });

export async function api(url, path, { method = 'GET', key, body, headers = {} } = {}) {
  const r = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(key ? { Authorization: `Bearer ${key}` } : {}),
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await r.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: r.status, headers: r.headers, json, text };
}

export async function createSession(url, secretKey, overrides = {}, headers = {}) {
  const body = { amount: 1999, currency: 'USD', reference: `order-${Math.random().toString(36).slice(2)}`, shopper: { email: 'ada@example.com' }, ...overrides };
  const r = await api(url, '/v1/checkout_sessions', { method: 'POST', key: secretKey, body, headers });
  if (r.status !== 201) throw new Error(`session: ${r.status} ${r.text}`);
  return r.json;
}

/** The edge's current encryption key (the first in its JWKS). */
export async function edgeKey(url, kid) {
  const { keys } = await (await fetch(`${url}/.well-known/jwks.json`)).json();
  const jwk = kid ? keys.find((k) => k.kid === kid) : keys[0];
  return { jwk, key: await jose.importJWK(jwk, 'ECDH-ES') };
}

/** A card encrypted with jose to `jwk`, bound to `sessionId`. */
export async function encryptCard(jwk, sessionId, payload) {
  const key = await jose.importJWK(jwk, 'ECDH-ES');
  return new jose.CompactEncrypt(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM', kid: jwk.kid, sid: sessionId })
    .encrypt(key);
}

export const newDevice = () => DPoP.generateKeyPair('ES256');

/** A DPoP proof from `device` for a request; `overrides` can change htm, htu or iat. */
export async function proof(device, method, url, overrides = {}) {
  if (!Object.keys(overrides).length) return DPoP.generateProof(device, url, method);
  const claims = { htm: method, htu: url, iat: Math.floor(Date.now() / 1000), jti: crypto.randomUUID(), ...overrides };
  const jwk = await jose.exportJWK(device.publicKey);
  return new jose.SignJWT(claims).setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk }).sign(device.privateKey);
}

/** Confirms a session as the card frame would. Any piece can be replaced to test refusals. */
export async function confirm(url, session, opts = {}) {
  const target = `${url}/v1/checkout_sessions/${session.id}/confirm`;
  const device = opts.device ?? (await newDevice());
  const jwe = opts.jwe ?? (await encryptCard((await edgeKey(url)).jwk, session.id, opts.card ?? card('4242424242424242')));
  const dpop = opts.dpop === undefined ? await proof(device, 'POST', target) : opts.dpop;
  // An honest frame always sends its fingerprint; `fingerprint: null` leaves it out.
  const fp = opts.fingerprint === undefined ? await fingerprint() : opts.fingerprint;
  const body = opts.body ?? { client_secret: opts.clientSecret ?? session.client_secret, card: jwe, browser: opts.browser ?? browser, ...(fp ? { fingerprint: fp } : {}) };
  return api(url, `/v1/checkout_sessions/${session.id}/confirm`, { method: 'POST', body, headers: { ...(dpop ? { DPoP: dpop } : {}), ...opts.headers } });
}

/** Finishes a step-up with `code` as the card frame would: the card again, a fresh proof. */
export async function verify(url, session, device, code, { number = '4242424242424242', dpop, headers = {} } = {}) {
  const target = `${url}/v1/checkout_sessions/${session.id}/verify`;
  const jwe = await encryptCard((await edgeKey(url)).jwk, session.id, card(number));
  const body = { client_secret: session.client_secret, card: jwe, browser, fingerprint: await fingerprint(), code };
  return api(url, `/v1/checkout_sessions/${session.id}/verify`, { method: 'POST', body, headers: { DPoP: dpop ?? (await proof(device, 'POST', target)), ...headers } });
}

/** Asks for a new step-up code from `device`. */
export async function resend(url, session, device, headers = {}) {
  const target = `${url}/v1/checkout_sessions/${session.id}/step_up/resend`;
  return api(url, `/v1/checkout_sessions/${session.id}/step_up/resend`, {
    method: 'POST', body: { client_secret: session.client_secret }, headers: { DPoP: await proof(device, 'POST', target), ...headers },
  });
}
