// Encryption key rotation: the newest key is advertised first, the previous one still
// decrypts, a retired one neither appears nor decrypts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateEncryptionKey } from '../../scripts/lib/edge.mjs';
import { bootEdge } from '../lib/edge-fixture.mjs';
import { card, confirm, createSession, encryptCard } from '../lib/checkout.mjs';

const [newest, previous, retired] = ['k-2026-11', 'k-2026-08', 'k-2026-05'].map(generateEncryptionKey);
const publicOf = ({ d, ...pub }) => pub;
let edge;
let shop;

before(async () => {
  edge = await bootEdge({
    secrets: {
      ENCRYPTION_KEYS: JSON.stringify({
        keys: [{ state: 'active', jwk: newest }, { state: 'active', jwk: previous }, { state: 'retired', jwk: retired }],
      }),
    },
  });
  shop = await edge.merchant();
});
after(() => edge?.stop());

test('the JWKS lists the live keys, newest first, public parts only', async () => {
  const r = await fetch(`${edge.url}/.well-known/jwks.json`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /application\/jwk-set\+json/);
  const { keys } = await r.json();
  assert.deepEqual(keys.map((k) => k.kid), ['k-2026-11', 'k-2026-08']);
  for (const k of keys) {
    assert.equal(k.kty, 'EC');
    assert.equal(k.crv, 'P-256');
    assert.equal(k.use, 'enc');
    assert.equal(k.alg, 'ECDH-ES');
    assert.equal(k.d, undefined);
  }
});

test('a card encrypted to the previous key still pays', async () => {
  const s = await createSession(edge.url, shop.secret_key);
  const jwe = await encryptCard(publicOf(previous), s.id, card('4242424242424242'));
  const r = await confirm(edge.url, s, { jwe });
  assert.equal(r.status, 200, r.text);
});

test('a card encrypted to a retired key is refused', async () => {
  const s = await createSession(edge.url, shop.secret_key);
  const jwe = await encryptCard(publicOf(retired), s.id, card('4242424242424242'));
  const r = await confirm(edge.url, s, { jwe });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.code, 'unknown_key_id');
});
