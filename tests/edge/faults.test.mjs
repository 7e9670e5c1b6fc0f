// Nothing lost, nothing doubled: fifty payments and their refunds through a sandbox that fails
// a fifth of its requests (timing out after charging, failing before, dropping the answer after,
// answering slowly). No client retries; the scheduled sweep alone brings every payment to a final
// state, and the sandbox's ledger then equals Tessera's payments and refunds, amount for amount.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { bootEdge } from '../lib/edge-fixture.mjs';
import { api, card, confirm, createSession, randomVisa } from '../lib/checkout.mjs';

let edge;
let shop;

before(async () => {
  edge = await bootEdge({ vars: { SYNC_AFTER_SECONDS: '1' } });
  shop = await edge.merchant({ name: 'Unlucky Shop' });
});
after(() => edge?.stop());

const faults = (rate) => api(edge.url, '/dev/sandbox/faults', { method: 'PUT', body: { rate, kinds: ['timeout', 'error', 'dropped', 'slow'] } });
const scheduled = () => fetch(`${edge.url}/__scheduled?cron=${encodeURIComponent('*/5 * * * *')}`);
const all = async (path) => {
  const out = [];
  let after = '';
  for (;;) {
    const page = (await api(edge.url, `${path}?limit=100${after}`, { key: shop.secret_key })).json;
    out.push(...page.data);
    if (!page.has_more) return out;
    after = `&starting_after=${page.data.at(-1).id}`;
  }
};

test('fifty payments under a 20 % fault rate all end, with zero double charges, and the ledgers agree', { timeout: 300_000 }, async () => {
  assert.equal((await faults(0.2)).status, 200);
  const sessions = await Promise.all(Array.from({ length: 50 }, (_, i) => createSession(edge.url, shop.secret_key, { amount: 1000 + i * 37, currency: 'EUR' })));
  const answers = [];
  for (let i = 0; i < sessions.length; i += 5) {
    // Five at a time, each confirmed once: no client retries anything.
    answers.push(...(await Promise.all(sessions.slice(i, i + 5).map((s) => confirm(edge.url, s, { card: card(randomVisa()) })))));
  }
  const unanswered = answers.filter((a) => a.status !== 200).length;
  assert.ok(unanswered > 0, 'the faults happened');

  // Refunds of the payments that answered, under the same faults.
  const refundsAsked = [];
  for (const a of answers.filter((x) => x.status === 200).slice(0, 15)) {
    const r = await api(edge.url, '/v1/refunds', { method: 'POST', key: shop.secret_key, body: { payment: a.json.id, amount: 300 } });
    refundsAsked.push(r.status);
  }

  // Only the sweep from here on.
  let settled = false;
  for (let round = 0; round < 20 && !settled; round++) {
    await new Promise((r) => setTimeout(r, 1500));
    if (round === 12) await faults(0);
    assert.equal((await scheduled()).status, 200);
    const payments = await all('/v1/payments');
    const refunds = await all('/v1/refunds');
    settled = payments.length === 50 && payments.every((p) => ['succeeded', 'failed'].includes(p.status)) && refunds.every((r) => r.status !== 'pending');
  }
  await faults(0);
  assert.ok(settled, 'every payment and refund reached a final state');

  const payments = await all('/v1/payments');
  const refunds = await all('/v1/refunds');
  const ledger = (await api(edge.url, '/dev/sandbox/ledger')).json;
  const charged = new Map(ledger.charges.filter((c) => c.outcome === 'approved').map((c) => [c.idempotency_key, c]));
  const succeeded = payments.filter((p) => p.status === 'succeeded');
  assert.equal(charged.size, succeeded.length, 'every charge is a succeeded payment, and the other way round');
  for (const p of succeeded) {
    const c = charged.get(p.id);
    assert.ok(c, `${p.id} has no charge`);
    assert.equal(c.captured, p.amount_captured, `${p.id}: captured`);
    assert.equal(c.refunded, p.amount_refunded, `${p.id}: refunded`);
  }
  for (const p of payments.filter((x) => x.status === 'failed')) {
    assert.ok(!charged.has(p.id), `${p.id} failed but was charged`);
    assert.equal(p.decline_code, 'processing_error');
  }
  const refunded = refunds.filter((r) => r.status === 'succeeded').reduce((n, r) => n + r.amount, 0);
  const ledgerRefunds = ledger.operations.filter((o) => o.kind === 'refund' && o.accepted).reduce((n, o) => n + o.amount, 0);
  assert.equal(refunded, ledgerRefunds, 'refunds match, amount for amount');
  assert.equal(new Set(ledger.charges.map((c) => c.idempotency_key)).size, ledger.charges.length, 'one charge per payment at most');
});
