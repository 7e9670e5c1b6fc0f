// Rate limits as the attacker meets them, in workerd with the real Durable Objects: per client
// address (IPv6 by /64), per device key, per card, per merchant key and per sign-in identity.
// Each answers 429 rate_limited with Retry-After, whatever the client varies, counts exactly
// under concurrency, and a refused request changes nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bootEdge } from '../lib/edge-fixture.mjs';
import { eventually } from '../lib/eventually.mjs';
import { api, card, confirm, createSession, newDevice, randomVisa } from '../lib/checkout.mjs';

const limited = (r) => {
  assert.equal(r.status, 429, r.text);
  assert.equal(r.json.error.code, 'rate_limited');
  const wait = Number(r.headers.get('retry-after'));
  assert.ok(wait >= 1 && wait <= 3600, `Retry-After ${r.headers.get('retry-after')}`);
  assert.equal(r.json.error.retry_after, wait);
};

describe('per client address', () => {
  let edge;
  before(async () => { edge = await bootEdge({ vars: { RATE_LIMITS: JSON.stringify({ ip: { max: 6, window_seconds: 60 } }) } }); });
  after(() => edge?.stop());

  test('an IPv6 /64 is one client, whichever address of it asks; another /64 is not', async () => {
    const from = (ip) => fetch(`${edge.url}/.well-known/jwks.json`, { headers: { 'CF-Connecting-IP': ip } });
    for (let i = 1; i <= 6; i++) assert.equal((await from(`2001:db8:1:2::${i}`)).status, 200);
    const r = await from('2001:db8:1:2:ffff:eeee:dddd:9');
    limited({ status: r.status, headers: r.headers, json: await r.json(), text: '' });
    assert.equal((await from('2001:db8:1:3::1')).status, 200, 'the next /64 has its own count');
    assert.equal((await from('203.0.113.7')).status, 200, 'an IPv4 address has its own count');
  });
});

describe('per device, card, merchant key and sign-in identity', () => {
  let edge;
  let shop;
  before(async () => {
    edge = await bootEdge({
      vars: {
        RATE_LIMITS: JSON.stringify({
          device: { max: 3, window_seconds: 60 },
          card: { max: 3, window_seconds: 3600 },
          sign_in: { max: 2, window_seconds: 3600 },
        }),
      },
    });
    shop = await edge.merchant({ name: 'Limited Shop' });
  });
  after(() => edge?.stop());

  test('one card tried from a new device key each time stops at its limit; the refusal changes nothing', async () => {
    const number = randomVisa();
    const sessions = await Promise.all(Array.from({ length: 5 }, () => createSession(edge.url, shop.secret_key)));
    const answers = [];
    for (const s of sessions) answers.push(await confirm(edge.url, s, { card: card(number), device: await newDevice() }));
    assert.deepEqual(answers.map((a) => a.status), [200, 200, 200, 429, 429]);
    limited(answers[3]);
    const untouched = await api(edge.url, `/v1/checkout_sessions/${sessions[3].id}`, { key: shop.secret_key });
    assert.equal(untouched.json.status, sessions[3].status, 'the refused confirm left the session as it was');
    assert.equal(untouched.json.payment ?? null, null);
    assert.equal((await confirm(edge.url, sessions[4], { card: card(randomVisa()) })).status, 200, 'another card pays');
  });

  test('one device key trying a new card each time stops at its limit', async () => {
    const device = await newDevice();
    const sessions = await Promise.all(Array.from({ length: 4 }, () => createSession(edge.url, shop.secret_key)));
    const statuses = [];
    for (const s of sessions) statuses.push((await confirm(edge.url, s, { card: card(randomVisa()), device })).status);
    assert.deepEqual(statuses, [200, 200, 200, 429]);
  });

  test('concurrent confirms of one card count exactly', async () => {
    const number = randomVisa();
    const sessions = await Promise.all(Array.from({ length: 8 }, () => createSession(edge.url, shop.secret_key)));
    const answers = await Promise.all(sessions.map((s) => confirm(edge.url, s, { card: card(number) })));
    assert.equal(answers.filter((a) => a.status === 200).length, 3, answers.map((a) => a.status).join(','));
    assert.equal(answers.filter((a) => a.status === 429).length, 5);
  });

  test('a sign-in identity gets its limit of codes however its address is spelled', async () => {
    const send = (email) => api(edge.url, '/v1/dashboard/email_codes', { method: 'POST', body: { email }, headers: { Origin: edge.url } });
    const statuses = [];
    for (const email of ['owner@limited.example', 'Owner@Limited.example', ' OWNER@limited.example']) statuses.push((await send(email)).status);
    assert.deepEqual(statuses.slice(0, 2).map((s) => s !== 429), [true, true]);
    assert.equal(statuses[2], 429);
    limited(await send('owner@limited.example'));
    assert.notEqual((await send('someone-else@limited.example')).status, 429);
  });
});

describe('per merchant key', () => {
  let edge;
  let shop;
  before(async () => {
    edge = await bootEdge({ vars: { RATE_LIMITS: JSON.stringify({ merchant_key: { max: 10, window_seconds: 60 } }) } });
    shop = await edge.merchant({ name: 'Busy Shop' });
  });
  after(() => edge?.stop());

  test('twenty-five concurrent requests with one key: exactly ten are served', async () => {
    const answers = await Promise.all(Array.from({ length: 25 }, () => api(edge.url, '/v1/payments', { key: shop.secret_key })));
    assert.equal(answers.filter((a) => a.status === 200).length, 10, answers.map((a) => a.status).join(','));
    limited(answers.find((a) => a.status === 429));
    const other = await edge.merchant({ name: 'Quiet Shop' });
    assert.equal((await api(edge.url, '/v1/payments', { key: other.secret_key })).status, 200, "another merchant's key is not slowed");
  });

  test('a limits document that makes no sense stops the edge with a clear log, not a silent default', async () => {
    const bad = await bootEdge({ vars: { RATE_LIMITS: '{"ip":{"max":0,"window_seconds":60}}' }, riskRules: 'default', ready: (r) => r.status === 500 });
    try {
      const r = await fetch(`${bad.url}/v1/payments`);
      assert.equal(r.status, 500);
      await eventually(() => /RATE_LIMITS is not a valid limits document/.test(bad.logs()), 10_000);
    } finally {
      await bad.stop();
    }
  });
});
