// A software WebAuthn authenticator for HTTP tests: ES256 credentials, "none" attestation, and
// knobs to make each part of an assertion wrong on purpose.
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';

const sha256 = (data) => createHash('sha256').update(data).digest();
const b64url = (bytes) => Buffer.from(bytes).toString('base64url');

/** Minimal CBOR (RFC 8949) encoder: integers, byte and text strings, arrays and maps. */
export function cbor(value) {
  const head = (major, n) => {
    if (n < 24) return Buffer.from([(major << 5) | n]);
    if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
    if (n < 0x10000) return Buffer.from([(major << 5) | 25, n >> 8, n & 0xff]);
    const b = Buffer.alloc(5);
    b[0] = (major << 5) | 26;
    b.writeUInt32BE(n, 1);
    return b;
  };
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.concat([head(2, value.length), Buffer.from(value)]);
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (Array.isArray(value)) return Buffer.concat([head(4, value.length), ...value.map(cbor)]);
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
  return Buffer.concat([head(5, entries.length), ...entries.flatMap(([k, v]) => [cbor(k), cbor(v)])]);
}

const UP = 0x01;
const UV = 0x04;
const AT = 0x40;

export class Authenticator {
  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = privateKey;
    this.jwk = publicKey.export({ format: 'jwk' });
    this.credentialId = randomBytes(16);
    this.signCount = 0;
  }

  authData(rpId, flags, signCount, attested = Buffer.alloc(0)) {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(signCount);
    return Buffer.concat([sha256(rpId), Buffer.from([flags]), count, attested]);
  }

  /** navigator.credentials.create, answering `options.publicKey`. */
  create(options, origin) {
    const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.create', challenge: options.publicKey.challenge, origin, crossOrigin: false }));
    const coseKey = cbor(new Map([[1, 2], [3, -7], [-1, 1], [-2, Buffer.from(this.jwk.x, 'base64url')], [-3, Buffer.from(this.jwk.y, 'base64url')]]));
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const attested = Buffer.concat([Buffer.alloc(16), idLength, this.credentialId, coseKey]);
    const authData = this.authData(options.publicKey.rp.id, UP | UV | AT, this.signCount, attested);
    const attestationObject = cbor({ fmt: 'none', attStmt: {}, authData });
    return { id: b64url(this.credentialId), rawId: b64url(this.credentialId), type: 'public-key', response: { clientDataJSON: b64url(clientDataJSON), attestationObject: b64url(attestationObject) } };
  }

  /** navigator.credentials.get, answering `options` (a next_action's public_key); `wrong` breaks one thing. */
  get(options, origin, wrong = {}) {
    this.signCount += 1;
    const clientData = { type: wrong.type ?? 'webauthn.get', challenge: wrong.challenge ?? options.challenge, origin: wrong.origin ?? origin, crossOrigin: false };
    const clientDataJSON = Buffer.from(JSON.stringify(clientData));
    const authenticatorData = this.authData(wrong.rpId ?? options.rpId, wrong.flags ?? (UP | UV), wrong.signCount ?? this.signCount);
    const signature = sign('sha256', Buffer.concat([authenticatorData, sha256(clientDataJSON)]), this.privateKey);
    if (wrong.flipSignatureBit) signature[signature.length - 1] ^= 0x01;
    return { id: b64url(this.credentialId), type: 'public-key', response: { clientDataJSON: b64url(clientDataJSON), authenticatorData: b64url(authenticatorData), signature: b64url(signature) } };
  }
}
