// A checkout's mixed traffic against a local edge, for `npm run bench` (section 6) and
// `bench/scale.mjs`: concurrent simulated clients create sessions with a merchant's secret key,
// pay from a device the risk rules already trust (no step-up), pay from a new device (stepped up,
// then the code from the development outbox verified), read sessions and payments, and refund
// paid payments. The requests are the tests' own (tests/lib/checkout.mjs): jose encrypts the
// card, dpop signs the proofs. Also: the D1 queries and Durable Object calls of one confirm,
// read from the development route `GET /dev/storage_calls` around it.
import { api, browser, card, confirm, createSession, edgeKey, encryptCard, fingerprint, newDevice, proof, randomVisa } from '../tests/lib/checkout.mjs';
import { setRiskRules } from '../tests/lib/edge-fixture.mjs';
import { codeIn, codesTo } from '../tests/lib/outbox.mjs';

/**
 * The operator's default rules (core/src/risk.rs, `Rules::default`) with the velocity limits
 * raised: every simulated client pays from 127.0.0.1, and a benchmark is not an attack. A new or
 * untrusted device, or a new country, still steps up; a trusted one pays at once.
 */
export const RULES = {
  velocity_window_seconds: 3600,
  rules: [
    { id: 'device_revoked', when: 'device_revoked', action: 'deny' },
    { id: 'device_velocity', when: { device_attempts_above: 1_000_000 }, action: 'deny' },
    { id: 'card_velocity', when: { card_attempts_above: 1_000_000 }, action: 'deny' },
    { id: 'ip_velocity', when: { ip_attempts_above: 1_000_000 }, action: 'deny' },
    { id: 'new_device', when: 'new_device', action: 'step_up' },
    { id: 'device_not_trusted', when: 'device_not_trusted', action: 'step_up' },
    { id: 'new_country', when: 'new_country', action: 'step_up' },
    { id: 'fingerprint_changed', when: { fingerprint_similarity_below: 0.75 }, action: 'step_up' },
    { id: 'fingerprint_missing', when: 'fingerprint_missing', action: 'step_up' },
    { id: 'limited_fingerprint_changed', when: 'limited_fingerprint_changed', action: 'step_up' },
    { id: 'high_amount', when: { amount_above: 100_000 }, action: 'step_up' },
  ],
};

/** Operation kinds, in the order they are reported. */
export const KINDS = {
  create: 'create session (secret key)',
  confirm: 'confirm, trusted device (no step-up)',
  stepUp: 'confirm, new device (→ step-up)',
  verify: 'verify the step-up code',
  getSession: 'GET session',
  getPayment: 'GET payment',
  refund: 'refund a paid payment',
};

/** What a client does next, by weight: about a third of the checkouts are from a new device. */
export const MIX = [['confirm', 40], ['stepUp', 15], ['getSession', 15], ['getPayment', 15], ['refund', 15]];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pick = (xs) => xs[Math.floor(Math.random() * xs.length)];
const shopperEmail = () => `shopper-${Math.random().toString(36).slice(2, 12)}@example.com`;

/** The newest step-up code sent to `to`, waiting briefly for the sender. */
async function codeFor(url, to) {
  for (let i = 0; i < 50; i++) {
    const codes = await codesTo(url, to);
    if (codes.length) return codeIn(codes[0].body);
    await sleep(20);
  }
  throw new Error(`no step-up code reached ${to}`);
}

/**
 * The pieces of a frame's payment request, made before the clock starts so a latency is the
 * edge's answer alone, not this client's cryptography.
 */
async function payment(url, key, session, device, number, path = 'confirm') {
  const target = `${url}/v1/checkout_sessions/${session.id}/${path}`;
  return { jwe: await encryptCard(key, session.id, card(number)), dpop: await proof(device, 'POST', target), fingerprint: await fingerprint() };
}

/** One client's steps; each returns the edge's answers it timed. */
function client(url, key, merchants, record, around) {
  const trusted = []; // { merchant, email, device }
  const paid = []; // { merchant, id }
  const sessions = []; // { merchant, id }
  const timed = async (kind, expected, request) => {
    let t = performance.now();
    let ms;
    let r;
    try {
      r = await around(kind, async () => {
        t = performance.now();
        const answer = await request();
        ms = performance.now() - t;
        return answer;
      });
    } catch (e) {
      record(kind, performance.now() - t, 0, `${e.message}`);
      return undefined;
    }
    const ok = expected(r);
    record(kind, ms, r.status, ok ? undefined : `${r.status} ${r.text.slice(0, 200)}`);
    return ok ? r : undefined;
  };
  const create = async (merchant, email) => {
    const r = await timed('create', (x) => x.status === 201, () => api(url, '/v1/checkout_sessions', {
      method: 'POST', key: merchant.secret_key,
      body: { amount: 500 + Math.floor(Math.random() * 20_000), currency: 'USD', reference: `order-${Math.random().toString(36).slice(2)}`, shopper: { email } },
    }));
    if (r) sessions.push({ merchant, id: r.json.id });
    return r?.json;
  };
  const steps = {
    async confirm() {
      if (!trusted.length) return steps.stepUp();
      const who = pick(trusted);
      const session = await create(who.merchant, who.email);
      if (!session) return;
      const pieces = await payment(url, key, session, who.device, randomVisa());
      const r = await timed('confirm', (x) => x.status === 200 && x.json?.status === 'succeeded', () => confirm(url, session, { device: who.device, ...pieces }));
      if (r) paid.push({ merchant: who.merchant, id: r.json.id });
    },
    async stepUp() {
      const who = { merchant: pick(merchants), email: shopperEmail(), device: await newDevice() };
      const session = await create(who.merchant, who.email);
      if (!session) return;
      const number = randomVisa();
      const pieces = await payment(url, key, session, who.device, number);
      const r = await timed('stepUp', (x) => x.status === 200 && x.json?.status === 'requires_action', () => confirm(url, session, { device: who.device, ...pieces }));
      if (!r) return;
      const code = await codeFor(url, who.email);
      const again = await payment(url, key, session, who.device, number, 'verify');
      const body = { client_secret: session.client_secret, card: again.jwe, browser, fingerprint: again.fingerprint, code };
      const v = await timed('verify', (x) => x.status === 200 && x.json?.status === 'succeeded', () => api(url, `/v1/checkout_sessions/${session.id}/verify`, { method: 'POST', body, headers: { DPoP: again.dpop } }));
      if (!v) return;
      paid.push({ merchant: who.merchant, id: v.json.id });
      trusted.push(who);
    },
    async getSession() {
      if (!sessions.length) return steps.confirm();
      const s = pick(sessions);
      await timed('getSession', (x) => x.status === 200, () => api(url, `/v1/checkout_sessions/${s.id}`, { key: s.merchant.secret_key }));
    },
    async getPayment() {
      if (!paid.length) return steps.confirm();
      const p = pick(paid);
      await timed('getPayment', (x) => x.status === 200, () => api(url, `/v1/payments/${p.id}`, { key: p.merchant.secret_key }));
    },
    async refund() {
      if (!paid.length) return steps.confirm();
      const [p] = paid.splice(Math.floor(Math.random() * paid.length), 1);
      const body = { payment: p.id, ...(Math.random() < 0.5 ? { amount: 100 } : {}), reason: 'requested_by_customer' };
      await timed('refund', (x) => x.status === 201, () => api(url, '/v1/refunds', { method: 'POST', key: p.merchant.secret_key, body, headers: { 'Idempotency-Key': `bench-${crypto.randomUUID()}` } }));
    },
  };
  const total = MIX.reduce((n, [, w]) => n + w, 0);
  return async function next() {
    let x = Math.random() * total;
    const [kind] = MIX.find(([, w]) => (x -= w) < 0) ?? MIX[0];
    await steps[kind]();
  };
}

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);

/**
 * Runs `clients` concurrent clients for `seconds` (or `operations` steps each) against the edge
 * at `url`, paying to `merchants` (from createMerchant). Sets the operator's risk rules to RULES
 * first. `around(kind, request)`, if given, wraps each timed request (bench/scale.mjs traces
 * them one at a time). Returns { seconds, requests, throughput, fiveXx, failures,
 * kinds: { kind: { count, p50, p99, fiveXx, failures } }, samples }.
 */
export async function mixedLoad({ url, adminToken, merchants, seconds = Infinity, operations = Infinity, clients = 8, onFailure = () => {}, around = (_, request) => request() }) {
  await setRiskRules(url, adminToken, RULES);
  const { jwk: key } = await edgeKey(url);
  const samples = Object.fromEntries(Object.keys(KINDS).map((k) => [k, []]));
  const counts = Object.fromEntries(Object.keys(KINDS).map((k) => [k, { fiveXx: 0, failures: 0 }]));
  const record = (kind, ms, status, failure) => {
    samples[kind].push(ms);
    if (status >= 500) counts[kind].fiveXx++;
    if (failure) {
      counts[kind].failures++;
      onFailure(kind, status, failure);
    }
  };
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(Array.from({ length: clients }, async () => {
    const next = client(url, key, merchants, record, around);
    for (let n = 0; n < operations && performance.now() < deadline; n++) await next();
  }));
  const elapsed = (performance.now() - started) / 1000;
  const kinds = Object.fromEntries(Object.entries(samples).map(([kind, xs]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return [kind, { count: xs.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), ...counts[kind] }];
  }));
  const requests = Object.values(kinds).reduce((n, k) => n + k.count, 0);
  return {
    seconds: elapsed,
    requests,
    throughput: requests / elapsed,
    fiveXx: Object.values(kinds).reduce((n, k) => n + k.fiveXx, 0),
    failures: Object.values(kinds).reduce((n, k) => n + k.failures, 0),
    kinds,
    samples,
  };
}

/** The development counters as one flat map: d1, d1_reads, d1_writes, and each object call. */
const flat = (c) => ({ d1: c.d1, d1_reads: c.d1_reads, d1_writes: c.d1_writes, sequential: c.sequential, ...Object.fromEntries(Object.entries(c.durable_object_calls).map(([k, n]) => [`do:${k}`, n])) });
const minus = (a, b) => Object.fromEntries([...new Set([...Object.keys(a), ...Object.keys(b)])].map((k) => [k, (a[k] ?? 0) - (b[k] ?? 0)]));
const same = (a, b) => Object.entries(minus(a, b)).every(([, n]) => n === 0);

/**
 * Reads `GET /dev/storage_calls`. Reading can itself be counted (a rate limit taken on every
 * request is a Durable Object call), so what one read adds is measured first, while the edge is
 * idle, and taken off: `between(before, after)` is the work of everything else between two
 * reads. Call it with nothing else running.
 */
export async function storageCounter(url) {
  let reads = 0;
  const read = async () => {
    const raw = (await api(url, '/dev/storage_calls')).json;
    reads++;
    return { calls: flat(raw), reads, sequence: raw.sequence };
  };
  let own;
  let last = await read();
  // The smallest step between successive idle reads is one read's own cost.
  for (let i = 0; i < 4; i++) {
    await sleep(100);
    const next = await read();
    const step = minus(next.calls, last.calls);
    if (!own || Object.values(step).reduce((x, y) => x + y, 0) < Object.values(own).reduce((x, y) => x + y, 0)) own = step;
    last = next;
  }
  const between = (before, after) => {
    const d = minus(after.calls, before.calls);
    for (const [k, n] of Object.entries(own)) d[k] -= n * (after.reads - before.reads);
    return d;
  };
  /** What began in sequence between two reads, oldest first, without the reads' own calls. */
  const sequenceBetween = (before, after) => {
    const n = minus(after.calls, before.calls).sequential;
    const ownEach = own.sequential ?? 0;
    const labels = after.sequence.slice(after.sequence.length - n);
    // Each read after `before` added its own calls last in its turn; the request's come first.
    return labels.slice(0, labels.length - ownEach * (after.reads - before.reads));
  };
  return {
    own,
    between,
    sequenceBetween,
    /** The counters once they stop moving but for the reads (work left running after an answer). */
    async settled() {
      let previous = await read();
      for (let i = 0; i < 40; i++) {
        await sleep(80);
        const now = await read();
        if (same(between(previous, now), {})) return now;
        previous = now;
      }
      throw new Error('the storage counters of the edge did not settle');
    },
  };
}

/** A `between` difference as the bench reports it. */
export function summary(d) {
  const calls = Object.fromEntries(Object.entries(d).filter(([k, n]) => k.startsWith('do:') && n).map(([k, n]) => [k.slice(3), n]));
  return { d1: d.d1, reads: d.d1_reads, writes: d.d1_writes, sequential: d.sequential, durableObjects: Object.values(calls).reduce((x, y) => x + y, 0), calls };
}

/** The storage round trips of `request()`, alone on the edge. */
async function counted(counter, request) {
  const before = await counter.settled();
  const answer = await request();
  const after = await counter.settled();
  return { answer, ...summary(counter.between(before, after)), sequence: counter.sequenceBetween(before, after) };
}

/**
 * Storage calls of one confirm from a trusted device, one from a new device (stepped up) and
 * the verify that finishes it, each measured alone (nothing else may be running on the edge).
 */
export async function storageCallsPerConfirm({ url, adminToken, merchant }) {
  await setRiskRules(url, adminToken, RULES);
  const { jwk: key } = await edgeKey(url);
  const counter = await storageCounter(url);
  const email = shopperEmail();
  const device = await newDevice();
  const first = await createSession(url, merchant.secret_key, { shopper: { email } });
  const number = randomVisa();
  const firstPieces = await payment(url, key, first, device, number);
  const stepUp = await counted(counter, () => confirm(url, first, { device, ...firstPieces }));
  if (stepUp.answer.json?.status !== 'requires_action') throw new Error(`the first confirm was not stepped up: ${stepUp.answer.text}`);
  const code = await codeFor(url, email);
  const again = await payment(url, key, first, device, number, 'verify');
  const body = { client_secret: first.client_secret, card: again.jwe, browser, fingerprint: again.fingerprint, code };
  const verify = await counted(counter, () => api(url, `/v1/checkout_sessions/${first.id}/verify`, { method: 'POST', body, headers: { DPoP: again.dpop } }));
  if (verify.answer.json?.status !== 'succeeded') throw new Error(`the verify failed: ${verify.answer.text}`);
  const second = await createSession(url, merchant.secret_key, { shopper: { email } });
  const secondPieces = await payment(url, key, second, device, randomVisa());
  const trusted = await counted(counter, () => confirm(url, second, { device, ...secondPieces }));
  if (trusted.answer.json?.status !== 'succeeded') throw new Error(`the trusted confirm was stepped up or failed: ${trusted.answer.text}`);
  return { trusted, stepUp, verify };
}

/**
 * One shopper on an idle edge, as the frame would do it: a trusted device's full confirm (D1,
 * Durable Objects, the sandbox processor) `n` times in a row, and `GET` of a session as often,
 * the two interleaved. The session and the request's cryptography are made before each clock.
 */
export async function oneShopper({ url, adminToken, merchant, n = 25 }) {
  await setRiskRules(url, adminToken, RULES);
  const { jwk: key } = await edgeKey(url);
  const email = shopperEmail();
  const device = await newDevice();
  // A step-up first makes the device trusted.
  const first = await createSession(url, merchant.secret_key, { shopper: { email } });
  const number = randomVisa();
  const stepped = await confirm(url, first, { device, ...(await payment(url, key, first, device, number)) });
  if (stepped.json?.status !== 'requires_action') throw new Error(`the first confirm was not stepped up: ${stepped.text}`);
  const again = await payment(url, key, first, device, number, 'verify');
  const verified = await api(url, `/v1/checkout_sessions/${first.id}/verify`, {
    method: 'POST', headers: { DPoP: again.dpop },
    body: { client_secret: first.client_secret, card: again.jwe, browser, fingerprint: again.fingerprint, code: await codeFor(url, email) },
  });
  if (verified.json?.status !== 'succeeded') throw new Error(`the verify failed: ${verified.text}`);
  const confirms = [];
  const gets = [];
  for (let i = 0; i < n; i++) {
    const session = await createSession(url, merchant.secret_key, { shopper: { email } });
    const pieces = await payment(url, key, session, device, randomVisa());
    let t = performance.now();
    const r = await confirm(url, session, { device, ...pieces });
    confirms.push(performance.now() - t);
    if (r.json?.status !== 'succeeded') throw new Error(`a trusted confirm did not pay: ${r.text}`);
    t = performance.now();
    const got = await api(url, `/v1/checkout_sessions/${session.id}`, { key: merchant.secret_key });
    gets.push(performance.now() - t);
    if (got.status !== 200) throw new Error(`GET session: ${got.status}`);
  }
  const stats = (xs) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return { count: xs.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  };
  return { confirm: stats(confirms), getSession: stats(gets) };
}
