// SubtleCrypto in whole steps for the WebCrypto provider (browsers and workerd).
//
// Each export is one promise for the wasm side to await, and the algorithm dictionaries are
// made here instead of property by property across the wasm boundary: an import and its use
// (importKey + verify, importKey + deriveBits, importKey + AES-GCM) cost one await, not two.
// Byte arguments arrive as views into wasm memory, which may move once the caller resumes, so
// anything used after an `await` is copied first.

const subtle = () => globalThis.crypto.subtle;
const EC = (name) => ({ name, namedCurve: 'P-256' });
const ECDSA_SHA256 = { name: 'ECDSA', hash: 'SHA-256' };
const INVALID_KEY = 'invalid_key';

/** Whether this global has WebCrypto. */
export const available = () => typeof globalThis.crypto?.subtle?.importKey === 'function';

/** Fills `out` (at most 65536 bytes) from the platform's secure generator. */
export const fillRandom = (out) => { globalThis.crypto.getRandomValues(out); };

/** Imports an uncompressed P-256 point; the platform refuses points off the curve. */
export const importPublic = (name, raw) =>
  subtle().importKey('raw', raw, EC(name), true, name === 'ECDSA' ? ['verify'] : []).catch(() => { throw INVALID_KEY; });

/** Imports a private key (JWK members base64url) for signing or for ECDH; never extractable. */
export const importPrivate = (name, x, y, d) =>
  subtle().importKey('jwk', { kty: 'EC', crv: 'P-256', x, y, d }, EC(name), false, name === 'ECDSA' ? ['sign'] : ['deriveBits'])
    .catch(() => { throw INVALID_KEY; });

/** A fresh key pair whose private half cannot be read, even by this page. */
const generatePair = (name) => subtle().generateKey(EC(name), false, name === 'ECDSA' ? ['sign', 'verify'] : ['deriveBits']);

/** The uncompressed point of a public key (65 bytes). */
const exportPublic = async (key) => new Uint8Array(await subtle().exportKey('raw', key));

/** A fresh key pair as [private key, uncompressed public point]. */
export const generate = async (name) => {
  const pair = await generatePair(name);
  return [pair.privateKey, await exportPublic(pair.publicKey)];
};

/** ES256 over `message`: r ‖ s. */
export const sign = async (key, message) => new Uint8Array(await subtle().sign(ECDSA_SHA256, key, message));

/** Whether `signature` (r ‖ s) verifies under `key`. */
export const verify = (key, signature, message) => subtle().verify(ECDSA_SHA256, key, signature, message);

/** Imports `raw` and verifies with it; an off-curve point rejects with `invalid_key`. */
export const verifyWith = async (raw, signature, message) => {
  const [sig, msg] = [signature.slice(), message.slice()];
  return verify(await importPublic('ECDSA', raw), sig, msg);
};

/** The ECDH shared secret (the x coordinate, 32 bytes). */
export const derive = async (key, peer) => new Uint8Array(await subtle().deriveBits({ name: 'ECDH', public: peer }, key, 256));

/** Imports the peer's point and agrees; an off-curve point rejects with `invalid_key`. */
export const deriveWith = async (key, raw) => derive(key, await importPublic('ECDH', raw));

/** SHA-256 of `data`. */
export const digest = async (data) => new Uint8Array(await subtle().digest('SHA-256', data.slice()));

/** AES-GCM with a 128-bit tag: seals (ciphertext ‖ tag) or opens. */
export const aesGcm = async (seal, raw, iv, aad, data) => {
  const params = { name: 'AES-GCM', iv: iv.slice(), additionalData: aad.slice(), tagLength: 128 };
  const input = data.slice();
  const key = await subtle().importKey('raw', raw, 'AES-GCM', false, [seal ? 'encrypt' : 'decrypt']).catch(() => { throw INVALID_KEY; });
  return new Uint8Array(await (seal ? subtle().encrypt(params, key, input) : subtle().decrypt(params, key, input)));
};
