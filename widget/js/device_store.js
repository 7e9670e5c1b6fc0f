// Keeps the device key pair in IndexedDB. The private key is a non-extractable CryptoKey:
// IndexedDB stores the handle, never the key material, and no script can read it back out.
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

export function loadKeyPair() {
  return run('readonly', (store) => store.get(KEY));
}

export function saveKeyPair(pair) {
  return run('readwrite', (store) => store.put({ privateKey: pair.privateKey, publicKey: pair.publicKey }, KEY));
}
