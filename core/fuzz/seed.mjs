// Writes the fuzz targets' seed corpora into core/fuzz/seeds/<target>/: the standards' examples
// (RFC 9449's DPoP proof, RFC 7517's keys), proofs, JWEs and passkey registrations made the way
// the card frame and a browser make them, and the documents the edge reads (risk rules, the
// regional policy). `node core/fuzz/seed.mjs` regenerates them; the files are committed, so a
// fuzz run needs no Node.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as jose from 'jose';
import { browser, fingerprint } from '../../tests/lib/checkout.mjs';
import { Authenticator } from '../../tests/lib/webauthn.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, 'seeds');
const seeds = {};
const add = (target, name, bytes) => { (seeds[target] ??= []).push([name, Buffer.isBuffer(bytes) ? bytes : Buffer.from(typeof bytes === 'string' ? bytes : JSON.stringify(bytes))]); };
const mode = (m, bytes) => Buffer.concat([Buffer.from([m]), Buffer.from(bytes)]);

// The keys the targets hold (RFC 7518 Appendix C's Alice and Bob).
const ALICE = { kty: 'EC', crv: 'P-256', x: 'gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0', y: 'SLW_xSffzlPWrHEVI30DHM_4egVwt3NQqeUD7nMFpps', d: '0_NxaRPUMQoAJt50Gz8YiTr8gRTwyEaCumd-MToTmIo' };
const BOB = { kty: 'EC', crv: 'P-256', x: 'weNJy2HscCSM6AEDTDg04biOvhFhyyWvOHQfeF_PxMQ', y: 'e8lnCO-AlStT-NJVX-crhB7QRYhiix03illJOVAOyck', d: 'VEmDZpDXXK8p8N0Cndsxs924q6nS1RXFASRl6BfUqdw', kid: 'k1' };
const publicOf = ({ d, ...pub }) => pub;

// RFC 9449 §4.1, Figure 2.
const RFC9449 = 'eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwieCI6Imw4dEZyaHgtMzR0VjNoUklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCRnMiLCJ5IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ2R2R1JEQSIsImNydiI6IlAtMjU2In19.eyJqdGkiOiItQndDM0VTYzZhY2MybFRjIiwiaHRtIjoiUE9TVCIsImh0dSI6Imh0dHBzOi8vc2VydmVyLmV4YW1wbGUuY29tL3Rva2VuIiwiaWF0IjoxNTYyMjYyNjE2fQ.2-GxA6T8lP4vfrg8v-FdWP0A0zdrj8igiMLvqRMUvwnQg4PtFLbdLXiOSsX0x7NVY-FNyJK70nfbV37xRZT3Lg';
const URL = 'https://edge.example/v1/checkout_sessions/cs_1/confirm';
const IAT = 1_562_262_616;
const alice = await jose.importJWK({ ...ALICE, alg: 'ES256' }, 'ES256');
const claims = { jti: 'fuzz-seed-jti-0001', htm: 'POST', htu: URL, iat: IAT };
const signed = (body, header = { typ: 'dpop+jwt', alg: 'ES256', jwk: publicOf(ALICE) }) => new jose.SignJWT(body).setProtectedHeader(header).sign(alice);

add('jws', 'rfc9449', RFC9449);
add('jws', 'own-proof', await signed(claims));
add('jws', 'es384-header', await new jose.SignJWT(claims).setProtectedHeader({ alg: 'ES256', crit: ['b64'], b64: true }).sign(alice));
add('dpop', 'rfc9449', mode(0, RFC9449));
add('dpop', 'own-proof', mode(0, await signed(claims)));
add('dpop', 'claims', mode(1, JSON.stringify(claims)));
add('dpop', 'claims-nonce-ath', mode(7, JSON.stringify({ ...claims, nonce: 'n-1', ath: 'PEd-Q4WvVw0ckrUmtpi-rpgs-yG_O04sy-eKtbV0Aus' })));
add('dpop', 'htu-query', mode(1, JSON.stringify({ ...claims, htu: `${URL}?a=1#f` })));

const bob = await jose.importJWK(publicOf(BOB), 'ECDH-ES');
const card = { number: '4242424242424242', exp_month: 12, exp_year: 2029, cvc: '123', name: 'Erika Mustermann' };
const jwe = await new jose.CompactEncrypt(Buffer.from(JSON.stringify(card))).setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM', kid: 'k1', sid: 'cs_1' }).encrypt(bob);
add('jwe', 'card', mode(0, jwe));
add('jwe', 'apu-apv', mode(0, await new jose.CompactEncrypt(Buffer.from('{}')).setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM', kid: 'k1', sid: 'cs_1' }).setKeyManagementParameters({ apu: Buffer.from('Alice'), apv: Buffer.from('Bob') }).encrypt(bob)));
add('jwe', 'roundtrip', mode(1, JSON.stringify(card)));

add('jwk', 'alice-public', publicOf(ALICE));
add('jwk', 'bob-private', BOB);
add('jwk', 'jwks', { keys: [{ ...publicOf(BOB), use: 'enc', alg: 'ECDH-ES' }, publicOf(ALICE)] });
add('jwk', 'encryption-keys', { keys: [{ state: 'active', jwk: BOB }, { state: 'retired', jwk: { ...ALICE, kid: 'k0' } }] });
add('jwk', 'rsa', { kty: 'RSA', n: 'sXch', e: 'AQAB' });

add('card', 'full', card);
add('card', 'amex', { number: '378282246310005', exp_month: 1, exp_year: 2027, cvc: '1234' });
add('card', 'grouped', { number: '4242 4242 4242 4242', exp_month: '12', exp_year: 29, cvc: '12' });

add('threeds', 'chrome', browser);
add('threeds', 'no-js', { ...browser, browserJavascriptEnabled: false, browserColorDepth: 30, browserTz: 840 });

add('fingerprint', 'full', await fingerprint());
add('fingerprint', 'limited', await fingerprint({ screen: '390x844', color_depth: '24', time_zone: 'Europe/Berlin', languages: 'de-DE', user_agent: 'Safari' }));

const authenticator = new Authenticator();
const challenge = 'Y2hhbGxlbmdl';
const created = authenticator.create({ publicKey: { challenge, rp: { id: 'localhost' } } }, 'http://localhost:8787');
const clientData = Buffer.from(created.response.clientDataJSON, 'base64url');
const attestation = Buffer.from(created.response.attestationObject, 'base64url');
add('webauthn', 'registration', Buffer.concat([clientData, Buffer.from([0xff]), attestation]));
add('webauthn', 'attestation-only', attestation);
add('webauthn', 'authenticator-data', authenticator.authData('localhost', 0x05, 7));
add('webauthn', 'der-signature', Buffer.from('3044022012345678901234567890123456789012345678901234567890123456789012340220123456789012345678901234567890123456789012345678901234567890123', 'hex'));

add('risk_rules', 'empty', { velocity_window_seconds: 3600, rules: [] });
add('risk_rules', 'all-conditions', {
  velocity_window_seconds: 600,
  rules: [
    { id: 'big_baskets', when: { amount_above: 5000 }, action: 'step_up' },
    { id: 'card_hammering', when: { card_attempts_above: 3 }, action: 'deny' },
    { id: 'new_device', when: 'new_device', action: 'step_up' },
    { id: 'limited', when: 'limited_fingerprint_changed', action: 'step_up' },
  ],
});

add('policy', 'builtin', readFileSync(join(here, '..', 'policy', 'policy.json')));

rmSync(root, { recursive: true, force: true });
for (const [target, files] of Object.entries(seeds)) {
  mkdirSync(join(root, target), { recursive: true });
  for (const [name, bytes] of files) writeFileSync(join(root, target, name), bytes);
}
console.log(Object.entries(seeds).map(([t, f]) => `${t}: ${f.length}`).join(', '));
