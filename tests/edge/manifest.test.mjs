// Versioned, signed scripts and CSP reports in workerd (PCI DSS 6.4.3, 11.6.1): the loader and
// the frame's files at URLs naming their version, cached for a year; /v1/manifest.json signed
// with the key the README prints and listing each with its SRI hash; `tessera-cli
// verify-manifest` accepting it and failing when one byte of an asset or of the manifest
// changes on the way; the frame reporting CSP violations to an endpoint only its merchant reads.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/tools.mjs';
import { currentVersion, DEVELOPMENT_KEY } from '../../scripts/lib/manifest.mjs';
import { bootEdge } from '../lib/edge-fixture.mjs';
import { api } from '../lib/checkout.mjs';
import { cliPath } from '../lib/cli.mjs';

const version = currentVersion();
let edge;
let shop;
let other;

before(async () => {
  edge = await bootEdge();
  shop = await edge.merchant({ name: 'Shop A' });
  other = await edge.merchant({ name: 'Shop B' });
});
after(() => edge?.stop());

/** Runs `tessera-cli verify-manifest …args`: its exit status and output. */
function verify(...args) {
  return new Promise((resolve) => {
    const child = spawn(cliPath, ['verify-manifest', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('close', (status) => resolve({ status, out }));
  });
}

/** A proxy in front of the edge that passes `change(path, bytes)` over each answer's body. */
async function tamperingProxy(change) {
  const server = createServer(async (req, res) => {
    const r = await fetch(`${edge.url}${req.url}`);
    const bytes = Buffer.from(await r.arrayBuffer());
    res.writeHead(r.status, { 'Content-Type': r.headers.get('content-type') || 'application/octet-stream' });
    res.end(change(req.url, bytes));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

const decode = (b64) => JSON.parse(Buffer.from(b64, 'base64url').toString('utf8'));
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

describe('versioned assets and the manifest', () => {
  test('the manifest lists every versioned loader and frame asset with its SRI hash, and each is cached for a year', async () => {
    const r = await fetch(`${edge.url}/v1/manifest.json`);
    assert.equal(r.status, 200);
    const signed = await r.json();
    assert.deepEqual(Object.keys(signed).sort(), ['payload', 'protected', 'signature']);
    const header = decode(signed.protected);
    assert.deepEqual({ alg: header.alg, typ: header.typ }, { alg: 'ES256', typ: 'tessera-manifest+json' });
    const manifest = decode(signed.payload);
    assert.equal(manifest.current, version);
    assert.equal(manifest.versions[0].version, version);
    const urls = manifest.versions[0].assets.map((a) => a.url);
    for (const path of ['tessera.js', 'frame/frame.js', 'frame/frame.css', 'frame/appearance.js', 'frame/tessera_widget.js', 'frame/tessera_widget_bg.wasm']) {
      assert.ok(urls.includes(`/v1/${version}/${path}`), `${path} is listed`);
    }
    for (const asset of manifest.versions[0].assets) {
      const a = await fetch(`${edge.url}${asset.url}`);
      assert.equal(a.status, 200, asset.url);
      const bytes = Buffer.from(await a.arrayBuffer());
      assert.equal(sri(bytes), asset.integrity, asset.url);
      assert.equal(bytes.length, asset.bytes);
      assert.match(a.headers.get('cache-control'), /max-age=31536000/, asset.url);
      assert.match(a.headers.get('cache-control'), /immutable/, asset.url);
      // The wasm as application/wasm, so the browser compiles it while it downloads
      // (WebAssembly.instantiateStreaming refuses any other type).
      if (asset.url.endsWith('.wasm')) assert.equal(a.headers.get('content-type'), 'application/wasm', asset.url);
    }
    // The versioned loader is the loader; its SRI is what the README's tag carries.
    const loader = Buffer.from(await (await fetch(`${edge.url}/v1/${version}/tessera.js`)).arrayBuffer());
    assert.deepEqual(loader, Buffer.from(await (await fetch(`${edge.url}/v1/tessera.js`)).arrayBuffer()));
  });

  test('the frame page loads its files from the versioned URLs and reports CSP violations', async () => {
    const r = await fetch(`${edge.url}/v1/frame?pk=${shop.publishable_key}&origin=${encodeURIComponent(edge.url)}`);
    assert.equal(r.status, 200);
    const html = await r.text();
    for (const path of ['frame/frame.js', 'frame/frame.css', 'frame/tessera_widget_bg.wasm']) assert.ok(html.includes(`/v1/${version}/${path}`), path);
    assert.ok(!/"\/v1\/frame\//.test(html), 'no unversioned asset URL');
    assert.match(r.headers.get('content-security-policy'), new RegExp(`report-uri /v1/csp_reports\\?pk=${shop.publishable_key}$`));
  });

  test('tessera-cli verify-manifest accepts the edge\'s manifest under the README\'s key', async () => {
    const { status, out } = await verify(`${edge.url}/v1/manifest.json`);
    assert.equal(status, 0, out);
    assert.match(out, /ok: the manifest's signature holds and all \d+ assets match/);
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const key = JSON.parse(readFileSync(DEVELOPMENT_KEY, 'utf8'));
    assert.ok(readme.includes(`"x":"${key.x}"`) && readme.includes(`"y":"${key.y}"`), 'the README prints the signing key');
  });

  test('one byte changed in an asset, or in the manifest, and the check fails', async () => {
    const target = `/v1/${version}/frame/frame.css`;
    const flip = (bytes) => { const copy = Buffer.from(bytes); copy[copy.length - 2] ^= 1; return copy; };
    const asset = await tamperingProxy((path, bytes) => (path === target ? flip(bytes) : bytes));
    try {
      const { status, out } = await verify(`${asset.url}/v1/manifest.json`);
      assert.equal(status, 1, out);
      assert.match(out, new RegExp(`error integrity_mismatch: ${target.replace(/\./g, '\\.')}`));
      assert.equal(out.match(/^error /gm).length, 1, 'only that asset fails');
    } finally {
      asset.close();
    }
    const manifest = await tamperingProxy((path, bytes) => {
      if (path !== '/v1/manifest.json') return bytes;
      const signed = JSON.parse(bytes.toString('utf8'));
      const payload = Buffer.from(signed.payload, 'base64url');
      payload[payload.indexOf('sha384-') + 10] ^= 1;
      return Buffer.from(JSON.stringify({ ...signed, payload: payload.toString('base64url') }));
    });
    try {
      const { status, out } = await verify(`${manifest.url}/v1/manifest.json`);
      assert.equal(status, 1, out);
      assert.match(out, /error manifest_invalid_signature/);
    } finally {
      manifest.close();
    }
  });

  test('under another pinned key, the manifest is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-key-'));
    const key = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
    const { kty, crv, x, y } = await crypto.subtle.exportKey('jwk', key.publicKey);
    writeFileSync(join(dir, 'key.jwk'), JSON.stringify({ kty, crv, x, y }));
    const { status, out } = await verify(`${edge.url}/v1/manifest.json`, '--key', join(dir, 'key.jwk'));
    assert.equal(status, 1, out);
    assert.match(out, /error manifest_malformed_jws/);
    assert.equal((await verify()).status, 2, 'usage');
  });
});

describe('CSP violation reports', () => {
  const level2 = (blocked) => JSON.stringify({
    'csp-report': {
      'document-uri': `${edge.url}/v1/frame?pk=${shop.publishable_key}&origin=https%3A%2F%2Fshop.example`,
      'effective-directive': 'script-src-elem',
      'violated-directive': 'script-src-elem',
      'blocked-uri': blocked,
      disposition: 'enforce',
      'source-file': `${edge.url}/v1/${version}/frame/frame.js`,
      'line-number': 7,
      'script-sample': 'card=4242424242424242',
    },
  });
  const post = (pk, body, type = 'application/csp-report') => fetch(`${edge.url}/v1/csp_reports?pk=${pk}`, { method: 'POST', headers: { 'Content-Type': type }, body });

  test('a report is kept, reduced, and only its merchant reads it', async () => {
    const r = await post(shop.publishable_key, level2('https://skimmer.example/x.js?steal=1#frag'));
    assert.equal(r.status, 204);
    const batch = JSON.stringify([{ type: 'csp-violation', body: { documentURL: `${edge.url}/v1/frame`, blockedURL: 'inline', effectiveDirective: 'style-src-attr', disposition: 'report' } }]);
    assert.equal((await post(shop.publishable_key, batch, 'application/reports+json')).status, 204);
    const list = await api(edge.url, '/v1/csp_reports', { key: shop.secret_key });
    assert.equal(list.status, 200);
    assert.equal(list.json.data.length, 2);
    // Newest first; two reports of the same second are ordered by their (random) ids.
    const inline = list.json.data.find((d) => d.blocked === 'inline');
    const skimmer = list.json.data.find((d) => d.blocked !== 'inline');
    assert.equal(inline.blocked, 'inline');
    assert.equal(inline.disposition, 'report');
    assert.equal(skimmer.blocked, 'https://skimmer.example/x.js');
    assert.equal(skimmer.document, `${edge.url}/v1/frame`);
    assert.equal(skimmer.directive, 'script-src-elem');
    assert.equal(skimmer.line, 7);
    assert.ok(!JSON.stringify(list.json).includes('4242'), 'no script sample is kept');
    assert.ok(!JSON.stringify(list.json).includes('steal'), 'no query is kept');
    const theirs = await api(edge.url, '/v1/csp_reports', { key: other.secret_key });
    assert.deepEqual(theirs.json.data, [], 'another merchant sees none');
    const [first, second] = list.json.data;
    const page = await api(edge.url, `/v1/csp_reports?limit=1&starting_after=${first.id}`, { key: shop.secret_key });
    assert.deepEqual(page.json.data.map((d) => d.id), [second.id]);
  });

  test('bad input gets a JSON error with a stable code and stores nothing', async () => {
    const before = (await api(edge.url, '/v1/csp_reports?limit=100', { key: shop.secret_key })).json.data.length;
    const cases = [
      [await post(shop.publishable_key, 'not json'), 400, 'invalid_csp_report'],
      [await post(shop.publishable_key, '{"csp-report":{}}'), 400, 'invalid_csp_report'],
      [await post(shop.publishable_key, level2('https://x.example/'), 'text/plain'), 400, 'invalid_csp_report'],
      [await post('pk_test_aaaaaaaaaaaaaaaaaaaaaaaa', level2('https://x.example/')), 401, 'invalid_publishable_key'],
      [await post(`${shop.publishable_key}&x=1`, level2('https://x.example/')), 400, 'invalid_query'],
      [await fetch(`${edge.url}/v1/csp_reports`, { method: 'POST', body: level2('https://x.example/') }), 401, 'invalid_publishable_key'],
      [await post(shop.publishable_key, JSON.stringify({ 'csp-report': { pad: 'x'.repeat(40_000) } })), 413, 'request_too_large'],
    ];
    for (const [r, status, code] of cases) {
      assert.equal(r.status, status, code);
      assert.equal((await r.json()).error.code, code);
    }
    assert.equal((await api(edge.url, '/v1/csp_reports?limit=100', { key: shop.secret_key })).json.data.length, before);
    assert.equal((await api(edge.url, '/v1/csp_reports', { key: shop.publishable_key })).json.error.code, 'publishable_key_not_allowed');
  });
});
