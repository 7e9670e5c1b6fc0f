// Business verification through an HTTP KYB provider: the local fake validates every request
// against Tessera's published interface (docs/kyb-provider.openapi.json) and answers at once,
// later by a signed notification, with a refusal, or not at all.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { bootEdge } from '../lib/edge-fixture.mjs';
import { api } from '../lib/checkout.mjs';
import { signUp } from '../lib/dashboard.mjs';
import { sign, startFakeKyb } from '../lib/fake-kyb.mjs';

const apiKey = `kyb_${randomBytes(16).toString('hex')}`;
const webhookSecret = randomBytes(32).toString('hex');
let kyb;
let edge;

before(async () => {
  kyb = await startFakeKyb({ apiKey, webhookSecret });
  edge = await bootEdge({ secrets: { KYB_API_KEY: apiKey, KYB_WEBHOOK_SECRET: webhookSecret }, vars: { KYB_VERIFIER: 'http', KYB_API_BASE: kyb.url } });
  kyb.notifyUrl = `${edge.url}/v1/verifications/notifications`;
});
after(async () => {
  await edge?.stop();
  await kyb?.close();
});

const owner = async () => (await signUp(edge.url, `o${Math.random().toString(36).slice(2, 9)}@example.com`)).owner;
const status = async (o) => (await o.call('GET', '/v1/account')).json.verification;

test('a provider that answers at once verifies or rejects, and every request is in its published format', async () => {
  const a = await owner();
  const verified = await a.call('POST', '/v1/account/verification', { company_number: 'HRB 123456' });
  assert.equal(verified.json.verification.status, 'verified', verified.text);
  const b = await owner();
  const rejected = await b.call('POST', '/v1/account/verification', { company_number: '11111111' });
  assert.equal(rejected.json.verification.status, 'rejected');
  const sent = kyb.requests.find((r) => r.body.company_number === 'HRB 123456');
  assert.equal(sent.body.legal_name, "Ada's Books GmbH");
  assert.equal(sent.body.country, 'DE');
  assert.ok(sent.headers['idempotency-key']);
  assert.deepEqual(kyb.problems, []);
});

test('a later answer arrives signed; a forged one changes nothing', async () => {
  const o = await owner();
  const pending = await o.call('POST', '/v1/account/verification', { company_number: '33333333' });
  assert.equal(pending.json.verification.status, 'pending');
  assert.equal((await status(o)).status, 'pending');
  const forged = JSON.stringify({ id: 'vrf_anything', status: 'verified' });
  const bad = await api(edge.url, '/v1/verifications/notifications', { method: 'POST', body: forged, headers: { 'Kyb-Signature': sign('not-the-secret', forged) } });
  assert.equal(bad.status, 401);
  assert.equal(bad.json.error.code, 'invalid_notification_signature');
  const stale = await api(edge.url, '/v1/verifications/notifications', { method: 'POST', body: forged, headers: { 'Kyb-Signature': sign(webhookSecret, forged, Math.floor(Date.now() / 1000) - 3600) } });
  assert.equal(stale.status, 401, 'an old signature is a replay');
  const until = Date.now() + 10_000;
  while ((await status(o)).status === 'pending' && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
  const done = await status(o);
  assert.equal(done.status, 'verified');
  assert.equal(done.reason, 'Register extract matched.');
  assert.deepEqual(kyb.problems, []);
});

test('a provider that is down leaves the business able to try again', async () => {
  const o = await owner();
  const down = await o.call('POST', '/v1/account/verification', { company_number: '44444444' });
  assert.equal(down.status, 503);
  assert.equal(down.json.error.code, 'verifier_unavailable');
  assert.equal((await status(o)).status, 'unverified');
  const again = await o.call('POST', '/v1/account/verification', { company_number: 'HRB 9' });
  assert.equal(again.json.verification.status, 'verified');
});
