// Tessera's core against independent implementations: the `jose` and `dpop` npm packages.
// Whatever a standard library can produce, the edge must accept; whatever the widget produces,
// a standard library must read.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as jose from 'jose';
import * as DPoP from 'dpop';
import { startCli } from '../lib/cli.mjs';

const card = JSON.stringify({ number: '4242424242424242', exp_month: 12, exp_year: 2030, cvc: '123' });
const now = () => Math.floor(Date.now() / 1000);
let cli;
let edgeKey; // { private_jwk, public_jwk } made by tessera-core

before(async () => {
  cli = startCli();
  edgeKey = await cli.ok('generate_key', { kid: 'edge-2026-11' });
});
after(() => cli.close());

describe('JWE ECDH-ES / A256GCM', () => {
  test('jose encrypts a card to our public JWK and tessera-core decrypts it', async () => {
    const recipient = await jose.importJWK(edgeKey.public_jwk, 'ECDH-ES');
    const jwe = await new jose.CompactEncrypt(new TextEncoder().encode(card))
      .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM', kid: 'edge-2026-11', sid: 'cs_one' })
      .encrypt(recipient);
    const out = await cli.ok('jwe_decrypt', { keys: [edgeKey.private_jwk], jwe, session_id: 'cs_one' });
    assert.equal(out.plaintext, card);
    assert.equal(out.kid, 'edge-2026-11');
    const other = await cli.call('jwe_decrypt', { keys: [edgeKey.private_jwk], jwe, session_id: 'cs_two' });
    assert.equal(other.error.code, 'session_mismatch');
  });

  test('jose with apu/apv agreement info is read too', async () => {
    const recipient = await jose.importJWK(edgeKey.public_jwk, 'ECDH-ES');
    const jwe = await new jose.CompactEncrypt(new TextEncoder().encode(card))
      .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM', kid: 'edge-2026-11' })
      .setKeyManagementParameters({ apu: new TextEncoder().encode('widget'), apv: new TextEncoder().encode('edge') })
      .encrypt(recipient);
    const out = await cli.ok('jwe_decrypt', { keys: [edgeKey.private_jwk], jwe });
    assert.equal(out.plaintext, card);
  });

  test('tessera-core encrypts and jose decrypts', async () => {
    const { jwe } = await cli.ok('jwe_encrypt', { jwk: edgeKey.public_jwk, session_id: 'cs_one', plaintext: card });
    const key = await jose.importJWK(edgeKey.private_jwk, 'ECDH-ES');
    const { plaintext, protectedHeader } = await jose.compactDecrypt(jwe, key);
    assert.equal(new TextDecoder().decode(plaintext), card);
    assert.equal(protectedHeader.alg, 'ECDH-ES');
    assert.equal(protectedHeader.enc, 'A256GCM');
    assert.equal(protectedHeader.kid, 'edge-2026-11');
    assert.equal(protectedHeader.sid, 'cs_one');
  });

  test('other algorithms from jose are refused', async () => {
    const recipient = await jose.importJWK(edgeKey.public_jwk, 'ECDH-ES');
    for (const [alg, enc] of [['ECDH-ES', 'A128GCM'], ['ECDH-ES+A256KW', 'A256GCM'], ['ECDH-ES', 'A256CBC-HS512']]) {
      const jwe = await new jose.CompactEncrypt(new TextEncoder().encode(card))
        .setProtectedHeader({ alg, enc, kid: 'edge-2026-11' })
        .encrypt(recipient);
      const out = await cli.call('jwe_decrypt', { keys: [edgeKey.private_jwk], jwe });
      assert.equal(out.error?.code, 'unsupported_algorithm', `${alg}/${enc}`);
    }
  });
});

describe('JWS ES256', () => {
  test('jose signs and tessera-core verifies', async () => {
    const { privateKey, publicKey } = await jose.generateKeyPair('ES256');
    const jws = await new jose.CompactSign(new TextEncoder().encode('{"hello":"tessera"}'))
      .setProtectedHeader({ alg: 'ES256' })
      .sign(privateKey);
    const out = await cli.ok('jws_verify', { jwk: await jose.exportJWK(publicKey), jws });
    assert.equal(out.payload, '{"hello":"tessera"}');
  });

  test('tessera-core signs and jose verifies', async () => {
    const { privateKey, publicKey } = await jose.generateKeyPair('ES256', { extractable: true });
    const { jws } = await cli.ok('jws_sign', { jwk: await jose.exportJWK(privateKey), payload: 'signed by rust' });
    const { payload, protectedHeader } = await jose.compactVerify(jws, publicKey);
    assert.equal(new TextDecoder().decode(payload), 'signed by rust');
    assert.equal(protectedHeader.alg, 'ES256');
  });

  test('HS256 from jose is refused even with the right bytes as a key', async () => {
    const jws = await new jose.CompactSign(new TextEncoder().encode('x'))
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(JSON.stringify(edgeKey.public_jwk)));
    const { publicKey } = await jose.generateKeyPair('ES256');
    const out = await cli.call('jws_verify', { jwk: await jose.exportJWK(publicKey), jws });
    assert.equal(out.error?.code, 'unsupported_algorithm');
  });

  test('thumbprints agree with jose (RFC 7638)', async () => {
    for (let i = 0; i < 5; i++) {
      const { publicKey } = await jose.generateKeyPair('ES256');
      const jwk = await jose.exportJWK(publicKey);
      const { jkt } = await cli.ok('thumbprint', { jwk });
      assert.equal(jkt, await jose.calculateJwkThumbprint(jwk, 'sha256'));
    }
  });
});

describe('DPoP (RFC 9449)', () => {
  const url = 'https://edge.tessera.test/v1/checkout_sessions/cs_1/confirm';

  test('proofs from the dpop package verify once, bound to the key thumbprint', async () => {
    const keypair = await DPoP.generateKeyPair('ES256');
    const proof = await DPoP.generateProof(keypair, url, 'POST');
    const out = await cli.ok('dpop_verify', { proof, method: 'POST', url, now: now() });
    const jwk = await jose.exportJWK(keypair.publicKey);
    assert.equal(out.jkt, await jose.calculateJwkThumbprint(jwk, 'sha256'));
    const again = await cli.call('dpop_verify', { proof, method: 'POST', url, now: now() });
    assert.equal(again.error?.code, 'dpop_replayed');
  });

  test('dpop package proofs with nonce and access token binding verify', async () => {
    const keypair = await DPoP.generateKeyPair('ES256');
    const proof = await DPoP.generateProof(keypair, `${url}?x=1`, 'POST', 'server-nonce', 'access-token-1');
    const out = await cli.call('dpop_verify', {
      proof, method: 'POST', url, now: now(), nonce: 'server-nonce', access_token: 'access-token-1',
    });
    assert.ok(out.ok, JSON.stringify(out));
    const wrongToken = await DPoP.generateProof(keypair, url, 'POST', 'server-nonce', 'access-token-2');
    const bad = await cli.call('dpop_verify', {
      proof: wrongToken, method: 'POST', url, now: now(), nonce: 'server-nonce', access_token: 'access-token-1',
    });
    assert.equal(bad.error?.code, 'dpop_access_token_mismatch');
  });

  test('a dpop package proof for another method or URL, or stale, is refused', async () => {
    const keypair = await DPoP.generateKeyPair('ES256');
    const get = await DPoP.generateProof(keypair, url, 'GET');
    assert.equal((await cli.call('dpop_verify', { proof: get, method: 'POST', url, now: now() })).error?.code, 'dpop_method_mismatch');
    const other = await DPoP.generateProof(keypair, url.replace('cs_1', 'cs_2'), 'POST');
    assert.equal((await cli.call('dpop_verify', { proof: other, method: 'POST', url, now: now() })).error?.code, 'dpop_url_mismatch');
    const stale = await DPoP.generateProof(keypair, url, 'POST');
    assert.equal((await cli.call('dpop_verify', { proof: stale, method: 'POST', url, now: now() + 3600 })).error?.code, 'dpop_stale');
  });

  test('proofs from tessera-core verify with jose as DPoP JWTs', async () => {
    const { privateKey } = await jose.generateKeyPair('ES256', { extractable: true });
    const iat = now();
    const { proof } = await cli.ok('dpop_build', { jwk: await jose.exportJWK(privateKey), method: 'POST', url: `${url}?q=1#f`, iat });
    const { payload, protectedHeader } = await jose.jwtVerify(proof, jose.EmbeddedJWK, { typ: 'dpop+jwt', algorithms: ['ES256'] });
    assert.equal(payload.htm, 'POST');
    assert.equal(payload.htu, url, 'htu carries no query or fragment');
    assert.equal(payload.iat, iat);
    assert.ok(payload.jti.length >= 16);
    assert.equal(protectedHeader.jwk.d, undefined, 'no private key in the header');
  });
});
