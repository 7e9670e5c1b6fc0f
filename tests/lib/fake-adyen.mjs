// A local stand-in for Adyen's Checkout API v71 and its notification webhooks. Every request
// Tessera sends is validated against Adyen's own OpenAPI document (../shared/processors/adyen,
// with ajv's JSON Schema 2020-12), and so is every response and notification the fake sends back;
// anything that does not validate is recorded in `problems`, which the tests expect empty.
//
// Cards (Adyen's test numbers where Adyen has one):
//   4111 1111 1111 1111  Authorised
//   4000 3000 1111 2220  Refused (refusalReasonCode 2)
//   4212 3456 7891 0006  answers after `slowMs` (the edge gives up first); AUTHORISATION follows
//   4988 4388 4388 4305  500 before anything happens
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { repoRoot } from '../../scripts/lib/tools.mjs';

const docs = join(repoRoot, 'tests', 'fixtures', 'adyen');
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(JSON.parse(readFileSync(join(docs, 'CheckoutService-v71.json'), 'utf8')), 'checkout');
ajv.addSchema(JSON.parse(readFileSync(join(docs, 'Webhooks-v1.json'), 'utf8')), 'webhooks');
const schema = (doc, name) => ajv.getSchema(`${doc}#/components/schemas/${name}`);

const REQUESTS = { payments: 'PaymentRequest', captures: 'PaymentCaptureRequest', cancels: 'PaymentCancelRequest', refunds: 'PaymentRefundRequest' };
const RESPONSES = { payments: 'PaymentResponse', captures: 'PaymentCaptureResponse', cancels: 'PaymentCancelResponse', refunds: 'PaymentRefundResponse' };
const NOTIFICATIONS = {
  AUTHORISATION: 'AuthorisationNotificationRequest',
  CAPTURE: 'CaptureNotificationRequest',
  CANCELLATION: 'CancellationNotificationRequest',
  REFUND: 'RefundNotificationRequest',
  REFUND_FAILED: 'RefundCaptureFailedNotificationRequest',
  NOTIFICATION_OF_CHARGEBACK: 'NotificationOfChargebackNotificationRequest',
  CHARGEBACK_REVERSED: 'ChargebackReversedNotificationRequest',
};

/** Adyen's notification signature: base64 HMAC-SHA256 with the hex key over eight fields. */
export function hmacSignature(item, hexKey) {
  const fields = [item.pspReference, item.originalReference ?? '', item.merchantAccountCode, item.merchantReference, item.amount.value, item.amount.currency, item.eventCode, item.success];
  return createHmac('sha256', Buffer.from(hexKey, 'hex')).update(fields.join(':')).digest('base64');
}

export async function startFakeAdyen({ apiKey, hmacKey, merchantAccount, slowMs = 2500 }) {
  // ajv compiles a schema on first use, which for Adyen's documents takes longer than the edge
  // waits for an answer on a busy machine: compile every one before the first request.
  for (const name of [...Object.values(REQUESTS), ...Object.values(RESPONSES), 'ServiceError']) schema('checkout', name);
  for (const name of Object.values(NOTIFICATIONS)) schema('webhooks', name);
  const requests = [];
  const problems = [];
  const notifications = [];
  const payments = new Map(); // pspReference → { reference, amount, currency, captured, refunded, canceled }
  const idempotent = new Map();
  let notifyUrl;
  let seq = 1000000000000000;
  const psp = () => String(++seq);

  const check = (what, validate, value) => {
    if (!validate(value)) problems.push({ what, errors: validate.errors, value });
  };

  async function notify(eventCode, item) {
    const full = { eventCode, eventDate: new Date().toISOString(), merchantAccountCode: merchantAccount, success: 'true', ...item };
    full.additionalData = { ...(full.additionalData ?? {}), hmacSignature: hmacSignature(full, hmacKey) };
    const body = { live: 'false', notificationItems: [{ NotificationRequestItem: full }] };
    check(`notification ${eventCode}`, schema('webhooks', NOTIFICATIONS[eventCode]), body);
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        const r = await fetch(notifyUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
        const text = await r.text();
        notifications.push({ eventCode, item: full, status: r.status, answer: text });
        if (r.status === 200 && text === '[accepted]') return;
      } catch (e) {
        notifications.push({ eventCode, item: full, error: String(e) });
      }
      await new Promise((res) => setTimeout(res, 250));
    }
  }
  const later = (fn) => setTimeout(() => { fn().catch((e) => problems.push({ what: 'notification', error: String(e) })); }, 100);

  function serviceError(status, message) {
    const body = { status, errorCode: String(status), message, errorType: status >= 500 ? 'internal' : 'validation' };
    check('ServiceError', schema('checkout', 'ServiceError'), body);
    return [status, body];
  }

  async function handle(kind, pspReference, body) {
    if (kind === 'payments') {
      const number = body.paymentMethod?.number;
      if (number === '4988438843884305') return serviceError(500, 'Internal error');
      const reference = psp();
      const value = body.amount.value;
      const currency = body.amount.currency;
      if (number === '4000300011112220') {
        later(() => notify('AUTHORISATION', { pspReference: reference, merchantReference: body.reference, amount: body.amount, success: 'false', reason: 'Refused' }));
        return [200, { resultCode: 'Refused', pspReference: reference, refusalReason: 'Refused', refusalReasonCode: '2', merchantReference: body.reference }];
      }
      const manual = body.additionalData?.manualCapture === 'true';
      payments.set(reference, { reference: body.reference, value, currency, captured: manual ? 0 : value, refunded: 0, canceled: false });
      later(() => notify('AUTHORISATION', { pspReference: reference, merchantReference: body.reference, amount: body.amount }));
      if (number === '4212345678910006') await new Promise((res) => setTimeout(res, slowMs));
      return [200, { resultCode: 'Authorised', pspReference: reference, merchantReference: body.reference, amount: body.amount }];
    }
    const payment = payments.get(pspReference);
    if (!payment) return serviceError(422, 'Original pspReference required for this operation');
    const reference = psp();
    const answer = { status: 'received', pspReference: reference, paymentPspReference: pspReference, merchantAccount, reference: body.reference };
    if (kind === 'captures') {
      const ok = !payment.canceled && payment.captured === 0 && body.amount.value <= payment.value;
      if (ok) payment.captured = body.amount.value;
      later(() => notify('CAPTURE', { pspReference: reference, originalReference: pspReference, merchantReference: body.reference, amount: body.amount, success: String(ok) }));
      return [201, { ...answer, amount: body.amount }];
    }
    if (kind === 'cancels') {
      const ok = payment.captured === 0 && !payment.canceled;
      if (ok) payment.canceled = true;
      later(() => notify('CANCELLATION', { pspReference: reference, originalReference: pspReference, merchantReference: body.reference, amount: { currency: payment.currency, value: payment.value }, success: String(ok) }));
      return [201, answer];
    }
    const ok = payment.refunded + body.amount.value <= payment.captured;
    if (ok) payment.refunded += body.amount.value;
    later(() => notify(ok ? 'REFUND' : 'REFUND_FAILED', { pspReference: reference, originalReference: pspReference, merchantReference: body.reference, amount: body.amount, ...(ok ? {} : { reason: 'Insufficient balance on payment' }) }));
    return [201, { ...answer, amount: body.amount }];
  }

  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => { raw += d; });
    req.on('end', async () => {
      const reply = (status, body) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const m = req.url.match(/^\/v71\/payments(?:\/([^/]+)\/(captures|cancels|refunds))?$/);
      const kind = m ? (m[2] ?? 'payments') : null;
      let body;
      try { body = JSON.parse(raw); } catch { body = undefined; }
      const key = req.headers['idempotency-key'];
      requests.push({ kind, path: req.url, headers: req.headers, body });
      if (req.method !== 'POST' || !kind) return reply(...serviceError(404, 'Not found'));
      if (req.headers['x-api-key'] !== apiKey) return reply(...serviceError(401, 'HTTP Status Response - Unauthorized'));
      if (!key || key.length > 64) problems.push({ what: `${kind}: Idempotency-Key`, value: key });
      check(`${kind} request`, schema('checkout', REQUESTS[kind]), body);
      if (body?.merchantAccount !== merchantAccount) problems.push({ what: `${kind}: merchantAccount`, value: body?.merchantAccount });
      const seen = idempotent.get(key);
      if (seen) return reply(...seen);
      const [status, answer] = await handle(kind, m[1], body);
      if (status < 300) check(`${kind} response`, schema('checkout', RESPONSES[kind]), answer);
      if (status < 500 && key) idempotent.set(key, [status, answer]);
      reply(status, answer);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/v71`;
  return {
    url,
    requests,
    problems,
    notifications,
    payments,
    setNotifyUrl(u) { notifyUrl = u; },
    /** Sends a notification of the fake's own (a chargeback, say), signed like the others. */
    notify,
    /** Waits until a notification of `eventCode` was accepted `count` times. */
    async accepted(eventCode, count = 1, ms = 15_000) {
      const until = Date.now() + ms;
      while (notifications.filter((n) => n.eventCode === eventCode && n.answer === '[accepted]').length < count) {
        if (Date.now() > until) throw new Error(`no accepted ${eventCode}: ${JSON.stringify(notifications.slice(-3))}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
