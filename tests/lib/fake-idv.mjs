// A local identity-verification provider that speaks Tessera's published interface
// (docs/identity-provider.openapi.json), validating both ways (see fake-provider.mjs).
//
// Document numbers:
//   REJECT01  rejected at once
//   LATER001  pending, then a signed notification says verified after `delayMs`
//   DOWN0001  500: the provider is down
//   anything else: verified at once
import { startFakeProvider } from './fake-provider.mjs';

export { sign } from './fake-provider.mjs';

export function startFakeIdv({ apiKey, webhookSecret, delayMs }) {
  return startFakeProvider({
    document: 'identity-provider.openapi.json',
    path: '/v1/identity_checks',
    requestSchema: 'IdentityCheckRequest',
    answerSchema: 'IdentityCheck',
    signatureHeader: 'Idv-Signature',
    idPrefix: 'chk_',
    apiKey,
    webhookSecret,
    delayMs,
    decide(body, id) {
      switch (body.document.number) {
        case 'REJECT01': return { answer: { id, status: 'rejected', reason: 'The document does not match the person.' } };
        case 'DOWN0001': return { status: 500, error: 'down' };
        case 'LATER001': return { answer: { id, status: 'pending' }, later: { id, status: 'verified', reason: 'Document and selfie matched.' } };
        default: return { answer: { id, status: 'verified', reason: null } };
      }
    },
  });
}
