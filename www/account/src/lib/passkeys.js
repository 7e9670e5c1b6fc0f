// Passkeys for the personal account: signing in with one (which also unlocks a locked account)
// and adding one. The binary fields are converted by the dashboard's passkey.js; a person closing
// the browser's prompt is told so, not shown an error of ours.
import { t } from '../../../dashboard/src/lib/i18n.js';
import { api } from './api.js';
import { assertionJSON, attestationJSON, creationOptions, requestOptions } from '../../../dashboard/src/lib/passkey.js';

/** The browser's WebAuthn refusals as error codes the string tables know. */
function browserRefusal(error) {
  const name = error && error.name;
  const code = name === 'NotAllowedError' ? 'passkey_canceled' : name === 'InvalidStateError' ? 'passkey_exists' : 'passkey_failed';
  return Object.assign(new Error(code), { code, message: '' });
}

/** Signs in with a discoverable passkey; resolves with the account. */
export async function signInWithPasskey() {
  const { publicKey } = await api.post('/v1/me/passkeys/options', { purpose: 'sign_in' });
  let credential;
  try {
    credential = await navigator.credentials.get({ publicKey: requestOptions(publicKey) });
  } catch (error) {
    throw browserRefusal(error);
  }
  return api.post('/v1/me/passkeys/sign_in', { credential: assertionJSON(credential) });
}

/** Registers a passkey for the signed-in account under `name`; resolves with the stored passkey. */
export async function addPasskey(name) {
  const { publicKey } = await api.post('/v1/me/passkeys/options', { purpose: 'register' });
  let credential;
  try {
    credential = await navigator.credentials.create({ publicKey: creationOptions(publicKey) });
  } catch (error) {
    throw browserRefusal(error);
  }
  const body = { credential: attestationJSON(credential) };
  if (name && name.trim()) body.name = name.trim().slice(0, 60);
  return api.post('/v1/me/passkeys', body);
}

/** A name for a new passkey that tells it apart: the browser and system, such as "Chrome on Linux". */
export function passkeyName() {
  const ua = navigator.userAgent;
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : null;
  const system = /iPhone|iPad/.test(ua) ? 'iOS' : /Android/.test(ua) ? 'Android' : /Mac OS X/.test(ua) ? 'macOS' : /Windows/.test(ua) ? 'Windows' : /Linux/.test(ua) ? 'Linux' : null;
  return browser && system ? t('passkeys.default_name', { browser, system }) : browser || system || '';
}
