// A local verification provider (KYB or identity) speaking an interface Tessera publishes as an
// OpenAPI document: every request Tessera sends is validated against the document with ajv, and
// so is every answer and notification the fake sends back; anything that does not validate lands
// in `problems`. `decide(body, id)` says what to answer: `{ answer }`, `{ status, error }` for a
// failure, or `{ answer, later }` to send `later` as a signed notification after `delayMs`.
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { repoRoot } from '../../scripts/lib/tools.mjs';

/** Tessera's signature scheme: `t=…,v1=hex(HMAC-SHA256(secret, "t.body"))`. */
export function sign(secret, body, t = Math.floor(Date.now() / 1000)) {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

export async function startFakeProvider({ document, path, requestSchema, answerSchema, signatureHeader, idPrefix, apiKey, webhookSecret, delayMs = 500, decide }) {
  const doc = JSON.parse(readFileSync(join(repoRoot, 'docs', document), 'utf8'));
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(doc, 'doc');
  const schema = (name) => ajv.getSchema(`doc#/components/schemas/${name}`);
  const requests = [];
  const problems = [];
  const seen = new Map();
  let notifyUrl;
  const check = (what, validate, value) => {
    if (!validate(value)) problems.push({ what, errors: validate.errors, value });
  };

  async function notify(answer) {
    const body = JSON.stringify(answer);
    check('notification', schema(answerSchema), answer);
    const r = await fetch(notifyUrl, { method: 'POST', headers: { 'Content-Type': 'application/json', [signatureHeader]: sign(webhookSecret, body) }, body });
    if (r.status !== 200) problems.push({ what: 'notification refused', status: r.status, body: await r.text() });
  }

  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => { raw += d; });
    req.on('end', () => {
      const reply = (status, value) => {
        if (status < 300) check('response', schema(answerSchema), value);
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (req.method !== 'POST' || req.url !== path) return reply(404, { error: 'no such route' });
      if (req.headers.authorization !== `Bearer ${apiKey}`) return reply(401, { error: 'bad key' });
      const key = req.headers['idempotency-key'];
      if (!key) problems.push({ what: 'no Idempotency-Key' });
      let body;
      try { body = JSON.parse(raw); } catch { problems.push({ what: 'not JSON', raw }); return reply(400, { error: 'json' }); }
      check('request', schema(requestSchema), body);
      requests.push({ headers: req.headers, body });
      if (seen.has(key)) return reply(200, seen.get(key));
      const decision = decide(body, `${idPrefix}${randomUUID()}`);
      if (decision.error) return reply(decision.status, { error: decision.error });
      seen.set(key, decision.answer);
      if (decision.later) setTimeout(() => notify(decision.later), delayMs);
      return reply(201, decision.answer);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    problems,
    /** Where the edge takes notifications. */
    set notifyUrl(url) { notifyUrl = url; },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}
