// The OpenAPI document the edge serves (edge/openapi.json) is kept by hand, so it is held to the
// code here: its operations must be exactly the routes of edge/src/routes/table.rs (the `dev`
// ones aside), its error codes exactly those of core/src/api/code.rs (and `rate_limited`), its
// structure sound (unique operation ids, every $ref resolving, every schema compiling), and
// docs/API.md what scripts/api-docs.mjs renders from it. No edge is needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { repoRoot } from '../../scripts/lib/tools.mjs';
import { documentPath, referencePath, render } from '../../scripts/api-docs.mjs';

const doc = JSON.parse(readFileSync(documentPath, 'utf8'));
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** The document's operations: method, path and the operation. */
function operations() {
  const out = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) if (item[method]) out.push({ method, path, op: item[method] });
  }
  return out;
}

/** `(Post, ["v1", "checkout_sessions", id, "confirm"])` arms of `route()`, `dev` ones left out. */
function routesOfTable(source) {
  const start = source.indexOf('pub fn route');
  const end = source.indexOf('#[cfg(test)]', start);
  assert.ok(start >= 0 && end > start, 'table.rs has no route() before its tests');
  const lines = source.slice(start, end).split('\n');
  const routes = [];
  let dev = false;
  for (const line of lines) {
    const text = line.trim();
    if (text === '#[cfg(feature = "dev")]') {
      dev = true;
      continue;
    }
    if (!text.includes('=> Route::')) {
      if (text) dev = false;
      continue;
    }
    // A guard (`if *id != "lookup"`) only keeps a sibling's name from reading as an id.
    const arm = text.match(/^\((Get|Post|Put|Delete|Patch|Head|Options),\s*\[([^\]]*)\]\)\s*(?:if .+?)?=>\s*Route::\w+/);
    if (!arm) {
      // The catch-alls: a known path with another method, and everything else.
      assert.match(text, /^(_|\))\s*=>\s*Route::(NotFound|MethodNotAllowed)\b/, `an arm of route() this test cannot read: ${text}`);
      dev = false;
      continue;
    }
    const segments = arm[2].split(',').map((s) => s.trim()).filter(Boolean);
    const parts = segments.map((s) => {
      if (/^"[^"]*"$/.test(s)) return s.slice(1, -1);
      assert.match(s, /^[a-z_][a-z0-9_]*$/, `a segment of route() this test cannot read: ${s} in ${text}`);
      return '{}';
    });
    if (!dev) routes.push(`${arm[1].toLowerCase()} /${parts.join('/')}`);
    dev = false;
  }
  return routes;
}

/** The stable codes of `codes!` in code.rs, with their statuses. */
function codesOfTable(source) {
  const codes = new Map();
  for (const m of source.matchAll(/^\s*\w+\s*=\s*"([a-z0-9_]+)",\s*(\d{3}),\s*\w+,/gm)) codes.set(m[1], Number(m[2]));
  assert.ok(codes.size > 50, 'code.rs has fewer codes than this test expects: is its table still `Name = "code", status, …;`?');
  return codes;
}

const placeholders = (path) => path.replace(/\{[^}]+\}/g, '{}');

test('the document has every route of the table and no other', () => {
  const table = routesOfTable(readFileSync(join(repoRoot, 'edge', 'src', 'routes', 'table.rs'), 'utf8'));
  assert.ok(table.length > 100, `only ${table.length} routes read from table.rs`);
  assert.equal(new Set(table).size, table.length, 'table.rs has a route twice');
  const documented = operations().map(({ method, path }) => `${method} ${placeholders(path)}`);
  const inTable = new Set(table);
  const inDocument = new Set(documented);
  const missing = table.filter((r) => !inDocument.has(r));
  const extra = documented.filter((r) => !inTable.has(r));
  assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, `missing from edge/openapi.json: ${missing.join(', ') || 'none'}; not in table.rs: ${extra.join(', ') || 'none'}`);
  assert.ok(!documented.some((r) => r.includes(' /dev/')), 'development routes are not part of the API');
});

test('Error.code lists every code of the API, with its status', () => {
  const table = codesOfTable(readFileSync(join(repoRoot, 'core', 'src', 'api', 'code.rs'), 'utf8'));
  if (!table.has('rate_limited')) table.set('rate_limited', 429);
  const schema = doc.components.schemas.ErrorCode;
  const documented = new Set(schema.enum);
  assert.equal(documented.size, schema.enum.length, 'a code is listed twice');
  const missing = [...table.keys()].filter((c) => !documented.has(c));
  const extra = schema.enum.filter((c) => !table.has(c));
  assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, `codes missing from ErrorCode: ${missing.join(', ') || 'none'}; not in code.rs: ${extra.join(', ') || 'none'}`);
  assert.deepEqual(schema['x-status'], Object.fromEntries(schema.enum.map((c) => [c, table.get(c)])), 'ErrorCode x-status must be code.rs’s statuses');
  const errorSchema = doc.components.schemas.Error.properties.error.properties.code;
  assert.deepEqual(errorSchema, { $ref: '#/components/schemas/ErrorCode' });
});

/** The value a local `$ref` (`#/a/b`) points at, or undefined. */
function pointer(ref) {
  return ref
    .slice(2)
    .split('/')
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((o, k) => (o === undefined ? undefined : o[k]), doc);
}

function* walk(value, at = '') {
  if (value && typeof value === 'object') {
    yield [at, value];
    for (const [k, v] of Object.entries(value)) yield* walk(v, `${at}/${k}`);
  }
}

test('the document is sound: unique operation ids, responses, resolving $refs', () => {
  const ajv = new Ajv2020({ allErrors: true, strictRequired: false });
  addFormats(ajv);
  const ref = { type: 'object', required: ['$ref'], properties: { $ref: { type: 'string', pattern: '^#/' } } };
  const media = { type: 'object', patternProperties: { '^[a-z]+/[a-z0-9.+-]+$': { type: 'object', properties: { schema: { type: 'object' } }, additionalProperties: false } }, additionalProperties: false, minProperties: 1 };
  const response = {
    anyOf: [
      ref,
      {
        type: 'object',
        required: ['description'],
        properties: { description: { type: 'string', minLength: 1 }, content: media, headers: { type: 'object' }, links: { type: 'object' } },
        additionalProperties: false,
      },
    ],
  };
  const parameter = {
    anyOf: [
      ref,
      {
        type: 'object',
        required: ['name', 'in', 'schema'],
        properties: { name: { type: 'string' }, in: { enum: ['path', 'query', 'header', 'cookie'] }, required: { type: 'boolean' }, description: { type: 'string' }, schema: { type: 'object' }, example: {} },
        additionalProperties: false,
      },
    ],
  };
  const operation = {
    type: 'object',
    required: ['operationId', 'summary', 'tags', 'security', 'responses', 'x-error-codes'],
    properties: {
      operationId: { type: 'string', pattern: '^[a-z][A-Za-z0-9]+$' },
      summary: { type: 'string', minLength: 1 },
      description: { type: 'string' },
      tags: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 1 },
      security: { type: 'array', items: { type: 'object', additionalProperties: { type: 'array', maxItems: 0 } } },
      parameters: { type: 'array', items: parameter },
      requestBody: { type: 'object', required: ['content'], properties: { required: { type: 'boolean' }, description: { type: 'string' }, content: media }, additionalProperties: false },
      responses: { type: 'object', minProperties: 2, required: ['default'], propertyNames: { pattern: '^([1-5][0-9][0-9]|default)$' }, additionalProperties: response },
      'x-error-codes': { type: 'array', items: { type: 'string' }, uniqueItems: true },
    },
    additionalProperties: false,
  };
  const document = {
    type: 'object',
    required: ['openapi', 'info', 'servers', 'tags', 'paths', 'components'],
    properties: {
      openapi: { type: 'string', pattern: '^3\\.1\\.[0-9]+$' },
      info: { type: 'object', required: ['title', 'version', 'description'], properties: { description: { type: 'string', pattern: 'docs/API\\.md' } } },
      servers: { type: 'array', minItems: 1, items: { type: 'object', required: ['url'], properties: { url: { type: 'string', format: 'uri' } } } },
      tags: { type: 'array', items: { type: 'object', required: ['name', 'description'] } },
      paths: {
        type: 'object',
        propertyNames: { pattern: '^/' },
        additionalProperties: { type: 'object', propertyNames: { enum: METHODS }, additionalProperties: operation, minProperties: 1 },
      },
      components: { type: 'object', required: ['schemas', 'responses', 'securitySchemes'] },
    },
  };
  const validate = ajv.compile(document);
  assert.ok(validate(doc), ajv.errorsText(validate.errors, { separator: '\n' }));
  assert.deepEqual(doc.servers.map((s) => s.url), ['http://127.0.0.1:8787']);

  // Every $ref resolves, wherever it is.
  const broken = [...walk(doc)].filter(([, v]) => typeof v.$ref === 'string' && pointer(v.$ref) === undefined).map(([at, v]) => `${at}: ${v.$ref}`);
  assert.deepEqual(broken, [], 'unresolved $refs');

  const ops = operations();
  const ids = ops.map((o) => o.op.operationId);
  const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
  assert.deepEqual(twice, [], 'operationIds must be unique');
  const byId = new Map(ops.map((o) => [o.op.operationId, o]));
  const tags = new Set(doc.tags.map((t) => t.name));
  const schemes = new Set(Object.keys(doc.components.securitySchemes));
  const codes = doc.components.schemas.ErrorCode;
  const deref = (v) => (v && v.$ref ? pointer(v.$ref) : v);
  const wireStatus = (code) => {
    if (code.startsWith('dpop_')) return 401;
    const s = codes['x-status'][code];
    return s >= 500 && s !== 502 && s !== 503 ? 500 : s;
  };
  for (const { method, path, op } of ops) {
    const where = `${method.toUpperCase()} ${path}`;
    assert.ok(tags.has(op.tags[0]), `${where}: tag ${op.tags[0]} is not declared`);
    for (const requirement of op.security) for (const name of Object.keys(requirement)) assert.ok(schemes.has(name), `${where}: no security scheme ${name}`);
    const params = (op.parameters ?? []).map(deref);
    const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
    const pathParams = params.filter((p) => p.in === 'path');
    assert.deepEqual(pathParams.map((p) => p.name).sort(), inPath, `${where}: path parameters`);
    assert.ok(pathParams.every((p) => p.required === true), `${where}: path parameters are required`);
    const success = Object.entries(op.responses).filter(([s]) => /^2/.test(s));
    assert.ok(success.length >= 1, `${where}: no success response`);
    for (const [status, r] of success) {
      // 204 No Content has no body by definition (RFC 9110 §15.3.5); every other success has one.
      if (status === '204') assert.equal(deref(r).content, undefined, `${where}: 204 with content`);
      else assert.ok(deref(r).content, `${where}: ${status} has no content`);
    }
    for (const [status, r] of Object.entries(op.responses)) {
      if (/^[45]/.test(status) && !r.$ref) continue;
      for (const [, m] of Object.entries(deref(r).content ?? {})) assert.ok(m.schema, `${where}: ${status} content without a schema`);
    }
    for (const code of op['x-error-codes']) {
      assert.ok(codes.enum.includes(code), `${where}: unknown error code ${code}`);
      assert.ok(op.responses[wireStatus(code)], `${where}: ${code} is answered ${wireStatus(code)}, which the operation does not document`);
    }
    for (const r of Object.values(op.responses)) {
      for (const [name, link] of Object.entries(deref(r).links ?? {})) {
        const target = byId.get(link.operationId);
        assert.ok(target, `${where}: link ${name} to unknown operation ${link.operationId}`);
        const targetParams = (target.op.parameters ?? []).map(deref);
        for (const [key, expression] of Object.entries(link.parameters ?? {})) {
          const [loc, pname] = key.includes('.') ? key.split('.') : [null, key];
          assert.ok(targetParams.some((p) => p.name === pname && (!loc || p.in === loc)), `${where}: link ${name} sets ${key}, which ${link.operationId} does not take`);
          assert.match(expression, /^\$response\.body#\//, `${where}: link ${name}`);
        }
      }
    }
  }
});

test('every schema of the document compiles, and known bodies validate', () => {
  const base = 'https://tessera.invalid/openapi.json';
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
  ajv.addKeyword('x-status');
  ajv.addKeyword('components');
  addFormats(ajv);
  ajv.addSchema({ $id: base, components: { schemas: doc.components.schemas } });
  const absolute = (value) => JSON.parse(JSON.stringify(value).replaceAll('"#/components/schemas/', `"${base}#/components/schemas/`));
  const compiled = new Map();
  for (const name of Object.keys(doc.components.schemas)) compiled.set(name, ajv.compile({ $ref: `${base}#/components/schemas/${name}` }));
  // Inline schemas of operations, parameters and responses.
  let inline = 0;
  for (const [at, v] of walk(doc.paths)) {
    if (at.endsWith('/schema') && !v.$ref) {
      ajv.compile(absolute(v));
      inline += 1;
    }
  }
  for (const p of Object.values(doc.components.parameters)) ajv.compile(absolute(p.schema));
  assert.ok(inline > 10);

  const valid = (name, body) => {
    const v = compiled.get(name);
    assert.ok(v(body), `${name}: ${JSON.stringify(body)}: ${ajv.errorsText(v.errors)}`);
  };
  const invalid = (name, body) => assert.ok(!compiled.get(name)(body), `${name} should refuse ${JSON.stringify(body)}`);
  // The README's requests.
  valid('CreateCheckoutSession', { amount: 1999, currency: 'USD', reference: 'order-1001', shopper: { email: 'ada@example.com' } });
  valid('CreateCheckoutSession', { amount: 500, currency: 'EUR', reference: 'r', shopper: { phone: '+14155550100' }, capture_method: 'manual', recurring: { series: 'gym-monthly' }, expires_in: 600 });
  invalid('CreateCheckoutSession', { amount: 1999, currency: 'USD', reference: 'order-1001', shopper: {} });
  invalid('CreateCheckoutSession', { amount: 1999, currency: 'USD', reference: ' ', shopper: { email: 'ada@example.com' } });
  invalid('CreateCheckoutSession', { amount: 1999, currency: 'USD', reference: 'r', shopper: { email: 'ada@example.com' }, status: 'paid' });
  valid('Expiration', { expires_in: 86400 });
  invalid('Expiration', { expires_in: 604801 });
  valid('Capture', { amount: 1500 });
  valid('CreateRefund', { payment: 'pay_x', amount: 500, reason: 'requested_by_customer' });
  invalid('CreateRefund', { payment: 'pay_x', reason: 'changed_my_mind' });
  valid('DisputeEvidence', { evidence: { product_description: 'A book', uncategorized_text: 'winning_evidence' }, files: [{ name: 'receipt.pdf', content_type: 'application/pdf', data: 'aGVsbG8=' }], submit: true });
  invalid('DisputeEvidence', { evidence: { favourite_colour: 'blue' } });
  valid('CreateWebhookEndpoint', { url: 'https://shop.example/hooks/tessera', enabled_events: ['refund.succeeded', 'refund.failed'] });
  invalid('CreateWebhookEndpoint', { url: 'https://shop.example/hooks', enabled_events: [] });
  valid('ConfigureProcessor', { type: 'adyen', merchant_account: 'YourCompanyECOM', api_key: 'AQE…'.replace('…', 'x'), hmac_key: '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056', base_url: 'https://checkout-test.adyen.com/v71' });
  valid('RiskRules', { velocity_window_seconds: 3600, rules: [{ id: 'big_baskets', when: { amount_above: 50000 }, action: 'step_up' }, { id: 'fresh', when: 'new_device', action: 'deny' }] });
  invalid('RiskRules', { velocity_window_seconds: 60, rules: [{ id: 'a', when: 'moon_phase', action: 'deny' }] });
  valid('MerchantRiskRulesInput', { rules: [{ id: 'small_is_fine', when: 'new_device', action: 'allow' }] });
  valid('CreateInvoice', { customer: { email: 'bob@example.com', name: 'Bob' }, currency: 'EUR', line_items: [{ description: 'Book', quantity: 3, unit_amount: 333, tax_rate: 19 }] });
  valid('UpdateInvoice', { memo: null, due_date: '2027-01-31' });
  invalid('UpdateInvoice', { amount: 5 });
  valid('CreateClaim', { token: 'pay_x.tag', description: 'I never made this payment.' });
  invalid('CreateClaim', { token: 'pay_x.tag', description: '   short   ' });
  valid('BrowserInfo', { browserAcceptHeader: 'text/html', browserJavaEnabled: false, browserJavascriptEnabled: true, browserLanguage: 'en-GB', browserColorDepth: 24, browserScreenHeight: 1080, browserScreenWidth: 1920, browserTz: -60, browserUserAgent: 'Mozilla/5.0' });
  // Answers, as the edge renders them.
  valid('Error', { error: { code: 'rate_limited', message: 'Too many requests; retry after the number of seconds in Retry-After.' } });
  valid('Error', { error: { code: 'incorrect_code', message: 'That code is not right.', attempts_left: 3 } });
  invalid('Error', { error: { code: 'no_such_code', message: 'x' } });
  valid('PaymentAttempt', { status: 'requires_action', next_action: { type: 'otp', channel: 'sms', destination: '+44*******958', expires_at: 10 } });
  valid('PaymentAttempt', { id: 'pay_1', object: 'payment', status: 'succeeded', amount: 1999, currency: 'USD', decline_code: null, card: { brand: 'visa', last4: '4242' } });
  valid('Health', { status: 'ok' });
});

test('docs/API.md is what scripts/api-docs.mjs renders from the document', () => {
  const current = readFileSync(referencePath, 'utf8');
  assert.ok(current === render(doc), 'docs/API.md is stale: run `node scripts/api-docs.mjs`');
});
