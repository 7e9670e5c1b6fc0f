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

/**
 * The code in the newest message to `to`, waiting for the first one: a page's click sends
 * asynchronously, so right after it the outbox of a new destination may still be empty.
 */
export async function latestCode(edgeUrl, to, ms = 10_000) {
  const until = Date.now() + ms;
  for (;;) {
    const [newest] = await outbox(edgeUrl, to);
    if (newest) return codeIn(newest.body);
    if (Date.now() > until) throw new Error(`no code for ${to} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The code in the first message to `to` after the `before` it already held: the send is
 * asynchronous for a page (a click), so the newest message may still be an older one.
 */
export async function nextCode(edgeUrl, to, before, ms = 10_000) {
  const until = Date.now() + ms;
  for (;;) {
    const messages = await outbox(edgeUrl, to);
    const fresh = messages.slice(0, messages.length - before).find((m) => /\b\d{6}\b/.test(m.body));
    if (fresh) return codeIn(fresh.body);
    if (Date.now() > until) throw new Error(`no new code for ${to} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
