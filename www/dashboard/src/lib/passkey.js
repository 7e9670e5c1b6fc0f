// WebAuthn's binary fields as the API carries them: base64url without padding. Options from the
// server become ArrayBuffers for navigator.credentials; the credential goes back as JSON with
// exactly the fields the server reads.

/** base64url (padding optional) to an ArrayBuffer. */
export function fromBase64url(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

/** An ArrayBuffer (or view) to base64url without padding. */
export function toBase64url(buffer) {
  if (buffer == null) return null;
  const bytes = buffer instanceof ArrayBuffer ? new Uint8Array(buffer) : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 1) binary += String.fromCharCode(bytes[i]);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const withIds = (list) => (list || []).map((c) => ({ ...c, id: fromBase64url(c.id) }));

/** `publicKey` request options (sign in) with their binary fields decoded. */
export function requestOptions(publicKey) {
  return { ...publicKey, challenge: fromBase64url(publicKey.challenge), allowCredentials: publicKey.allowCredentials && withIds(publicKey.allowCredentials) };
}

/** `publicKey` creation options (register) with their binary fields decoded. */
export function creationOptions(publicKey) {
  return {
    ...publicKey,
    challenge: fromBase64url(publicKey.challenge),
    user: { ...publicKey.user, id: fromBase64url(publicKey.user.id) },
    excludeCredentials: withIds(publicKey.excludeCredentials),
  };
}

/** An assertion from navigator.credentials.get as the server expects it. */
export function assertionJSON(credential) {
  const r = credential.response;
  return {
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: credential.type,
    response: {
      clientDataJSON: toBase64url(r.clientDataJSON),
      authenticatorData: toBase64url(r.authenticatorData),
      signature: toBase64url(r.signature),
      userHandle: toBase64url(r.userHandle),
    },
  };
}

/** A new credential from navigator.credentials.create as the server expects it. */
export function attestationJSON(credential) {
  const r = credential.response;
  return {
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: credential.type,
    response: { clientDataJSON: toBase64url(r.clientDataJSON), attestationObject: toBase64url(r.attestationObject) },
  };
}

/** Whether this browser can use passkeys at all. */
export function passkeysSupported() {
  return typeof window.PublicKeyCredential === 'function' && !!navigator.credentials;
}
