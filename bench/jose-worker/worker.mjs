// The peer on the edge: a JavaScript Worker doing the confirm's checks with `jose` (DPoP proof
// verification per RFC 9449 §4.3 and ECDH-ES/A256GCM decryption), the WebCrypto floor (one
// ECDSA verify plus one ECDH, keys already imported) and that floor with the keys imported.
// `npm run bench` times it from outside, beside Tessera's Rust edge, in the same local workerd.
import * as jose from 'jose';

let privateKey;
async function decryptionKey(env) {
  privateKey ??= await jose.importJWK(JSON.parse(env.PRIVATE_JWK), 'ECDH-ES');
  return privateKey;
}

async function checkProof(proof, url) {
  const { payload, protectedHeader } = await jose.jwtVerify(proof, jose.EmbeddedJWK, { typ: 'dpop+jwt', algorithms: ['ES256'], maxTokenAge: 300 });
  if (protectedHeader.jwk.d !== undefined) throw new Error('private key in proof');
  if (payload.htm !== 'POST' || payload.htu !== url || typeof payload.jti !== 'string' || payload.jti.length < 16) throw new Error('claims');
  return jose.calculateJwkThumbprint(protectedHeader.jwk, 'sha256');
}

async function decrypt(env, compact, sessionId) {
  const { plaintext, protectedHeader } = await jose.compactDecrypt(compact, await decryptionKey(env), { keyManagementAlgorithms: ['ECDH-ES'], contentEncryptionAlgorithms: ['A256GCM'] });
  if (protectedHeader.sid !== sessionId) throw new Error('session');
  return JSON.parse(new TextDecoder().decode(plaintext));
}

// One set of keys for both floors. Public keys are always exportable, so the points the second
// floor imports come from the same pairs.
let floorKeys;
async function keys() {
  if (!floorKeys) {
    const sig = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    const a = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
    const b = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
    const data = new Uint8Array(300);
    const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, sig.privateKey, data);
    const proofPoint = new Uint8Array(await crypto.subtle.exportKey('raw', sig.publicKey));
    const ephemeralPoint = new Uint8Array(await crypto.subtle.exportKey('raw', b.publicKey));
    floorKeys = { sig, a, b, data, signature, proofPoint, ephemeralPoint };
  }
  return floorKeys;
}

async function floor() {
  // No await once the keys exist: the floor is the crypto alone.
  const k = floorKeys ?? (await keys());
  if (!(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, k.sig.publicKey, k.signature, k.data))) throw new Error('verify');
  await crypto.subtle.deriveBits({ name: 'ECDH', public: k.b.publicKey }, k.a.privateKey, 256);
}

// The floor with the two imports every verifier of a fresh proof and JWE must make: the proof's
// key and the JWE's ephemeral key arrive as points, so they are imported (and checked to be on
// the curve) each time; what a verifier spends beyond this is its own.
async function floorWithImports() {
  // No await once the keys exist: the floor is the crypto alone.
  const k = floorKeys ?? (await keys());
  const proofKey = await crypto.subtle.importKey('raw', k.proofPoint, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
  if (!(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, proofKey, k.signature, k.data))) throw new Error('verify');
  const ephemeral = await crypto.subtle.importKey('raw', k.ephemeralPoint, { name: 'ECDH', namedCurve: 'P-256' }, false, []);
  await crypto.subtle.deriveBits({ name: 'ECDH', public: ephemeral }, k.a.privateKey, 256);
}

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname === '/health') return new Response('ok');
    if (pathname === '/.well-known/jwks.json') {
      const { d, ...pub } = JSON.parse(env.PRIVATE_JWK);
      return Response.json({ keys: [pub] }, { headers: { 'Cache-Control': 'public, max-age=300' } });
    }
    const input = await request.json();
    const n = Math.min(input.n ?? 1, 10000);
    if (pathname === '/bench/crypto') {
      for (let i = 0; i < n; i++) {
        await checkProof(input.proof, input.url);
        await decrypt(env, input.card, input.session_id);
      }
      return Response.json({ n });
    }
    if (pathname === '/bench/floor-imports') {
      for (let i = 0; i < n; i++) await floorWithImports();
      return Response.json({ n });
    }
    if (pathname === '/bench/floor') {
      for (let i = 0; i < n; i++) await floor();
      return Response.json({ n });
    }
    return new Response('not found', { status: 404 });
  },
};
