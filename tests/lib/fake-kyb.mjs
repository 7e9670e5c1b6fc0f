// A local KYB provider that speaks Tessera's published interface (docs/kyb-provider.openapi.json),
// validating both ways (see fake-provider.mjs).
//
// Company numbers:
//   11111111  rejected at once
//   33333333  pending, then a signed notification says verified after `delayMs`
//   44444444  500: the provider is down
//   anything else: verified at once
import { startFakeProvider } from './fake-provider.mjs';

export { sign } from './fake-provider.mjs';

export function startFakeKyb({ apiKey, webhookSecret, delayMs }) {
  return startFakeProvider({
    document: 'kyb-provider.openapi.json',
    path: '/v1/verifications',
    requestSchema: 'VerificationRequest',
    answerSchema: 'Verification',
    signatureHeader: 'Kyb-Signature',
    idPrefix: 'vrf_',
    apiKey,
    webhookSecret,
    delayMs,
    decide(body, id) {
      switch (body.company_number) {
        case '11111111': return { answer: { id, status: 'rejected', reason: 'No company with this number is registered.' } };
        case '44444444': return { status: 500, error: 'down' };
        case '33333333': return { answer: { id, status: 'pending' }, later: { id, status: 'verified', reason: 'Register extract matched.' } };
        default: return { answer: { id, status: 'verified', reason: null } };
      }
    },
  });
}
