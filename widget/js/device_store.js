// Keeps the device key pair in IndexedDB. The private key is a non-extractable CryptoKey:
// IndexedDB stores the handle, never the key material, and no script can read it back out.
//
// Every frame needs the key, so finding it (or, on a new device, making and storing it) starts
// when this module is evaluated, while the widget's wasm is still on its way: the widget then
// awaits a promise that is usually settled already.
const DB = 'tessera';
const STORE = 'device';
const KEY = 'signing-key';

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function run(mode, action) {
  return open().then((db) => new Promise((resolve, reject) => {
    const request = action(db.transaction(STORE, mode).objectStore(STORE));
    request.onsuccess = () => resolve(request.result ?? null);
    request.onerror = () => reject(request.error);
  }));
}

/** A new non-extractable ES256 pair, stored for next time; where storage fails, for this page. */
async function create() {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  await run('readwrite', (store) => store.put({ privateKey: pair.privateKey, publicKey: pair.publicKey }, KEY)).catch(() => {});
  return pair;
}

let pending;

/** The stored pair, or a new one: the same promise for every caller on this page. */
export function devicePair() {
  pending ??= run('readonly', (store) => store.get(KEY))
    .catch(() => null)
    .then((pair) => (pair?.privateKey instanceof CryptoKey && pair.publicKey instanceof CryptoKey ? pair : create()))
    .then(withPoint);
  return pending;
}

/** A new pair in place of a stored one that can no longer be used. */
export function replacePair() {
  pending = create().then(withPoint);
  return pending;
}

/** The private key with the public key's uncompressed point, exported here at once (behind the
 * fingerprint's digests, an export asked for later waits its turn). */
async function withPoint(pair) {
  const point = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  return { privateKey: pair.privateKey, point };
}

if (globalThis.indexedDB && globalThis.crypto?.subtle) devicePair();
