// Signing in with a passkey and adding one: the server's options in, the browser's credential
// out. A person closing the browser's prompt is not an error of ours; it is told as such.
import { api } from './api.js';
import { assertionJSON, attestationJSON, creationOptions, requestOptions } from './passkey.js';

/** The browser's WebAuthn refusals as error codes the string tables know. */
function browserRefusal(error) {
  const code = error && error.name === 'NotAllowedError' ? 'passkey_canceled' : error && error.name === 'InvalidStateError' ? 'passkey_exists' : 'passkey_failed';
  return Object.assign(new Error(error && error.message ? error.message : code), { code, message: '' });
}

/** Signs in with a discoverable passkey; resolves with the new session. */
export async function signInWithPasskey() {
  const { publicKey } = await api.post('/v1/dashboard/passkeys/options', { purpose: 'sign_in' });
  let credential;
  try {
    credential = await navigator.credentials.get({ publicKey: requestOptions(publicKey) });
  } catch (error) {
    throw browserRefusal(error);
  }
  return api.post('/v1/dashboard/passkeys/sign_in', { credential: assertionJSON(credential) });
}

/** Registers a passkey for the signed-in user; resolves with the stored passkey. */
export async function addPasskey() {
  const { publicKey } = await api.post('/v1/dashboard/passkeys/options', { purpose: 'register' });
  let credential;
  try {
    credential = await navigator.credentials.create({ publicKey: creationOptions(publicKey) });
  } catch (error) {
    throw browserRefusal(error);
  }
  return api.post('/v1/dashboard/passkeys', { credential: attestationJSON(credential) });
}
