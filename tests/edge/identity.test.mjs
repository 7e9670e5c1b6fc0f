// The identity level through an HTTP identity-verification provider: the local fake validates
// every request against Tessera's published interface (docs/identity-provider.openapi.json) and
// answers at once, later by a signed notification, with a refusal, or not at all.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { bootEdge } from '../lib/edge-fixture.mjs';
import { api } from '../lib/checkout.mjs';
import { sign, startFakeIdv } from '../lib/fake-idv.mjs';
import { addPhone, shopperBrowser } from '../lib/shopper.mjs';

const apiKey = `idv_${randomBytes(16).toString('hex')}`;
const webhookSecret = randomBytes(32).toString('hex');
let idv;
let edge;

before(async () => {
  idv = await startFakeIdv({ apiKey, webhookSecret });
  edge = await bootEdge({ secrets: { IDV_API_KEY: apiKey, IDV_WEBHOOK_SECRET: webhookSecret }, vars: { IDV_VERIFIER: 'http', IDV_API_BASE: idv.url } });
  idv.notifyUrl = `${edge.url}/v1/identity_checks/notifications`;
});
after(async () => {
  await edge?.stop();
  await idv?.close();
});

const IDENTITY = { given_name: 'Ada', family_name: 'Lovelace', date_of_birth: '1985-12-10', document_type: 'passport', document_number: 'P1234567', issuing_country: 'GB' };

/** A shopper at the address level, ready for the identity check. */
async function ready() {
  const b = shopperBrowser(edge.url);
  await b.signIn(`id-${Math.random().toString(36).slice(2)}@example.com`);
  await addPhone(edge.url, b, `+4477009${String(Math.floor(Math.random() * 100000)).padStart(5, '0')}`);
  await b.call('PUT', '/v1/me/address', { line1: '10 Downing Street', city: 'London', postal_code: 'SW1A 2AA', country: 'GB' });
  return b;
}

test('a provider that answers at once verifies or rejects, in its published format, and the number stays there', async () => {
  const b = await ready();
  const verified = await b.call('POST', '/v1/me/identity', IDENTITY);
  assert.equal(verified.json.identity.status, 'verified', verified.text);
  const sent = idv.requests.find((r) => r.body.document.number === 'P1234567');
  assert.equal(sent.body.family_name, 'Lovelace');
  assert.equal(sent.body.address.postal_code, 'SW1A 2AA');
  assert.ok(sent.headers['idempotency-key']);
  assert.ok(!JSON.stringify(verified.json).includes('P1234567'), 'Tessera keeps only the last four');

  const other = await ready();
  assert.equal((await other.call('POST', '/v1/me/identity', { ...IDENTITY, document_number: 'REJECT01' })).json.identity.status, 'rejected');
  assert.deepEqual(idv.problems, []);
});

test('a later answer arrives signed; forged and stale ones change nothing', async () => {
  const b = await ready();
  const pending = await b.call('POST', '/v1/me/identity', { ...IDENTITY, document_number: 'LATER001' });
  assert.equal(pending.json.identity.status, 'pending');
  const forged = JSON.stringify({ id: 'chk_anything', status: 'verified' });
  const bad = await api(edge.url, '/v1/identity_checks/notifications', { method: 'POST', body: forged, headers: { 'Idv-Signature': sign('not-the-secret', forged) } });
  assert.equal(bad.json.error.code, 'invalid_notification_signature');
  const stale = await api(edge.url, '/v1/identity_checks/notifications', { method: 'POST', body: forged, headers: { 'Idv-Signature': sign(webhookSecret, forged, Math.floor(Date.now() / 1000) - 3600) } });
  assert.equal(stale.status, 401, 'an old signature is a replay');
  const until = Date.now() + 10_000;
  while ((await b.call('GET', '/v1/me')).json.identity.status === 'pending' && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
  const me = (await b.call('GET', '/v1/me')).json;
  assert.equal(me.identity.status, 'verified');
  assert.deepEqual(me.levels, ['email', 'phone', 'address', 'identity']);
  assert.deepEqual(idv.problems, []);
});

test('a provider that is down leaves the shopper able to try again', async () => {
  const b = await ready();
  const down = await b.call('POST', '/v1/me/identity', { ...IDENTITY, document_number: 'DOWN0001' });
  assert.equal(down.status, 503);
  assert.equal(down.json.error.code, 'identity_verifier_unavailable');
  assert.equal((await b.call('GET', '/v1/me')).json.identity.status, 'unverified', 'nothing changed');
  assert.equal((await b.call('POST', '/v1/me/identity', IDENTITY)).json.identity.status, 'verified');
});
