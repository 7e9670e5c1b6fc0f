// The development outbox, where the edge's outbox sender keeps the codes it "sends".
import { api } from './checkout.mjs';

/** The messages the outbox holds for `to`, newest first. */
export async function outbox(edgeUrl, to) {
  return (await api(edgeUrl, `/dev/outbox?to=${encodeURIComponent(to)}`)).json.messages;
}

/** The step-up codes the outbox holds for `to`, newest first (not receipts or notices). */
export async function codesTo(edgeUrl, to) {
  return (await outbox(edgeUrl, to)).filter((m) => m.subject === 'Your payment code');
}

/** The six-digit code in a message. */
export const codeIn = (body) => body.match(/\b(\d{6})\b/)[1];

/** A payment's receipt, which carries no code (English or German subject). */
const isReceipt = (m) => /^(Your payment to|Ihre Zahlung an) /.test(m.subject);

/** The code in the newest message to `to` that is not a receipt (receipts share the outbox). */
export async function latestCode(edgeUrl, to) {
  const message = (await outbox(edgeUrl, to)).find((m) => !isReceipt(m));
  if (!message) throw new Error(`no message with a code to ${to}`);
  return codeIn(message.body);
}
