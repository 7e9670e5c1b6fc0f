// `node scripts/secrets.mjs [kid]`: a fresh set of the edge's own secrets as the JSON object
// `wrangler secret bulk` reads: one active encryption key (made by tessera-core), one vault data
// key, a card fingerprint secret and an admin token. Provider keys (SendGrid, Twilio, KYB, IDV)
// are the providers' to give; add them to the file before uploading it.
import { randomBytes } from 'node:crypto';
import { generateEncryptionKey } from './lib/edge.mjs';

const b64url = (bytes) => Buffer.from(bytes).toString('base64url');
const kid = process.argv[2] ?? `k-${new Date().toISOString().slice(0, 7)}`;
const vaultKid = `dk-${new Date().toISOString().slice(0, 7)}`;
const secrets = {
  ENCRYPTION_KEYS: JSON.stringify({ keys: [{ state: 'active', jwk: generateEncryptionKey(kid) }] }),
  VAULT_KEYS: JSON.stringify({ current: vaultKid, keys: { [vaultKid]: b64url(randomBytes(32)) } }),
  CARD_FINGERPRINT_SECRET: b64url(randomBytes(32)),
  ADMIN_TOKEN: `adm_${b64url(randomBytes(32))}`,
};
process.stdout.write(`${JSON.stringify(secrets, null, 2)}\n`);
