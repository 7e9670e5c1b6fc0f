// The npm package @tessera/js as a merchant gets it: its generated hashes and codes in step with
// the loader and the OpenAPI document, its declarations catching mistakes in the examples
// (`tsc --noEmit`), and the tarball of `npm pack` installed into an empty folder, where a React
// shop bundled from it mounts <CardElement> in Chromium against an edge in workerd, takes a
// payment through the frame, unmounts it, and refuses a loader whose bytes do not match.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build as esbuild } from 'esbuild';
import { repoRoot } from '../../scripts/lib/tools.mjs';
import { stalePackageFiles } from '../../scripts/package-versions.mjs';
import { LATEST, VERSIONS } from '../../packages/tessera-js/src/versions.js';
import { audit } from '../lib/axe.mjs';
import { launch } from '../lib/browser.mjs';
import { bootEdge } from '../lib/edge-fixture.mjs';
import { api, createSession } from '../lib/checkout.mjs';

const artifacts = join(repoRoot, 'test-results');
mkdirSync(artifacts, { recursive: true });
const bin = (name) => join(repoRoot, 'node_modules', '.bin', name);
const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });

let folder;
before(() => {
  folder = mkdtempSync(join(tmpdir(), 'tessera-npm-'));
});
after(() => rmSync(folder, { recursive: true, force: true }));

describe('what the package is made from', () => {
  test('versions.js and errors.d.ts are what scripts/package-versions.mjs writes today', () => {
    assert.deepEqual(stalePackageFiles(), [], 'run node scripts/package-versions.mjs and commit');
  });

  test('the declarations catch the mistakes the examples make on purpose and accept the rest', () => {
    // Each `@ts-expect-error` in example/ fails the check if its mistake is not caught.
    const out = (() => {
      try {
        return execFileSync(bin('tsc'), ['-p', join(repoRoot, 'packages', 'tessera-js', 'example')], { encoding: 'utf8' });
      } catch (error) {
        return `${error.stdout}${error.stderr}`;
      }
    })();
    assert.equal(out, '');
  });
});

describe('the packed package in a fresh folder, in Chromium', () => {
  let edge;
  let merchant;
  let browser;
  let bundle;
  let shopServer;
  let shopUrl;
  const pages = new Map();

  before(async () => {
    const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', folder], join(repoRoot, 'packages', 'tessera-js')));
    const tarball = join(folder, packed[0].filename);
    const names = packed[0].files.map((f) => f.path).sort();
    assert.deepEqual(names, ['README.md', 'package.json', 'src/errors.d.ts', 'src/index.d.ts', 'src/index.js', 'src/react.d.ts', 'src/react.js', 'src/versions.js']);
    const shop = join(folder, 'shop');
    mkdirSync(shop);
    writeFileSync(join(shop, 'package.json'), JSON.stringify({ name: 'a-shop', private: true, type: 'module' }));
    npm(['install', '--offline', '--no-save', '--no-package-lock', tarball], shop);
    mkdirSync(join(shop, 'node_modules', '@types'), { recursive: true });
    // The shop already has React (linked after the install, which would prune what its
    // package.json does not name); the package brings none, React being a peer dependency.
    for (const dep of ['react', 'react-dom', 'scheduler', '@types/react', '@types/react-dom']) {
      symlinkSync(join(repoRoot, 'node_modules', dep), join(shop, 'node_modules', dep));
    }
    assert.ok(readdirSync(join(shop, 'node_modules', '@tessera', 'js', 'src')).includes('index.js'));

    // The installed package's types, as the shop's own TypeScript sees them.
    writeFileSync(join(shop, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'es2022', lib: ['es2022', 'dom'], module: 'nodenext', moduleResolution: 'nodenext', jsx: 'react-jsx', types: [] }, include: ['*.tsx'] }));
    writeFileSync(join(shop, 'app.tsx'), `
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { versions, type ErrorEvent } from '@tessera/js';
import { CardElement } from '@tessera/js/react';

type Seen = { type: string; detail: unknown };
const w = window as unknown as { seen: Seen[]; shop: { pk: string; clientSecret: string; edge: string; integrity?: string } };
w.seen = [];
const note = (type: string) => (detail: unknown) => { w.seen.push({ type, detail }); };

function Shop() {
  const [open, setOpen] = useState(true);
  const [message, setMessage] = useState('');
  return (
    <main>
      <h1>Checkout</h1>
      <p>Loader {versions[0]}</p>
      {open ? (
        <CardElement publishableKey={w.shop.pk} clientSecret={w.shop.clientSecret} edge={w.shop.edge} integrity={w.shop.integrity}
          className="card" onReady={note('ready')} onChange={note('change')} onComplete={note('complete')}
          onError={(error: ErrorEvent) => { note('error')(error); setMessage(error.message); }} />
      ) : null}
      <p role="status">{message}</p>
      <button type="button" onClick={() => setOpen(false)}>Remove the card form</button>
    </main>
  );
}
createRoot(document.getElementById('root')!).render(<Shop />);
`);
    const tsc = (() => {
      try {
        return execFileSync(bin('tsc'), ['-p', shop], { encoding: 'utf8' });
      } catch (error) {
        return `${error.stdout}${error.stderr}`;
      }
    })();
    assert.equal(tsc, '', 'the shop type-checks against the installed package');
    const built = await esbuild({ entryPoints: [join(shop, 'app.tsx')], absWorkingDir: shop, bundle: true, write: false, format: 'iife', jsx: 'automatic', define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'silent' });
    bundle = built.outputFiles[0].text;

    // The shop's own server, on this machine as a merchant's development server would be.
    shopServer = createServer((req, res) => {
      const url = new URL(req.url, 'http://shop');
      if (url.pathname === '/app.js') {
        res.writeHead(200, { 'Content-Type': 'text/javascript' });
        return res.end(bundle);
      }
      const config = pages.get(url.pathname);
      if (!config) {
        res.writeHead(404);
        return res.end();
      }
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      // `<` escaped so the configuration cannot close the script element.
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${config.name}</title></head><body><div id="root"></div><script>window.shop = ${JSON.stringify(config).replace(/</g, '\\u003c')};</script><script src="/app.js"></script></body></html>`);
    });
    await new Promise((resolve) => shopServer.listen(0, '127.0.0.1', resolve));
    shopUrl = `http://127.0.0.1:${shopServer.address().port}`;
    edge = await bootEdge();
    merchant = await edge.merchant({ name: 'React Shop', allowed_origins: [shopUrl] });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await edge?.stop();
    shopServer?.close();
  });

  /** A page of the shop that mounts <CardElement> for a new session; `integrity` overrides the package's hash. */
  async function openShop(name, { integrity } = {}) {
    const session = await createSession(edge.url, merchant.secret_key, { amount: 2450, currency: 'EUR' });
    const page = await (await browser.newContext()).newPage();
    const config = { name, pk: merchant.publishable_key, clientSecret: session.client_secret, edge: edge.url, integrity };
    // The session's secret stays in the page, as a merchant's server renders it: never in a URL.
    const path = `/checkout/${pages.size + 1}`;
    pages.set(path, config);
    await page.goto(`${shopUrl}${path}`);
    return { page, session };
  }

  const seen = (page) => page.evaluate(() => window.seen);

  test('<CardElement> loads the pinned loader with its hash, relays every event, pays and unmounts', async () => {
    const { page, session } = await openShop('React checkout');
    const frame = page.frameLocator('.card iframe');
    await frame.getByRole('button', { name: /Pay/ }).waitFor();
    await frame.locator('#card-form[aria-busy="false"]').waitFor(); // the widget has started
    const script = await page.locator('head script[integrity]').evaluate((s) => ({ src: s.src, integrity: s.integrity, crossOrigin: s.crossOrigin }));
    assert.deepEqual(script, { src: `${edge.url}/v1/${LATEST}/tessera.js`, integrity: VERSIONS[LATEST], crossOrigin: 'anonymous' });
    await page.waitForFunction(() => window.seen.some((e) => e.type === 'ready'));
    assert.deepEqual((await seen(page)).find((e) => e.type === 'ready').detail, { amount: 2450, currency: 'EUR' });
    await audit(page, 'the React shop with the card frame');

    await frame.getByLabel('Card number').fill('4242 4242 4242 4242');
    await frame.getByLabel('Expiry date').fill('12 / 34');
    await frame.getByLabel('Security code').fill('123');
    await frame.getByLabel('Name on card').fill('Ada Lovelace');
    await page.waitForFunction(() => window.seen.some((e) => e.type === 'change' && e.detail.complete));
    const change = (await seen(page)).filter((e) => e.type === 'change').at(-1).detail;
    assert.deepEqual(change, { brand: 'visa', complete: true, errors: { number: null, expiry: null, cvc: null, name: null } });
    await page.locator('.card').screenshot({ path: join(artifacts, 'package-react-card-element.png') });

    await frame.getByRole('button', { name: /Pay/ }).click();
    await page.waitForFunction(() => window.seen.some((e) => e.type === 'complete' || e.type === 'error'), null, { timeout: 30_000 });
    const complete = (await seen(page)).find((e) => e.type === 'complete' || e.type === 'error');
    assert.equal(complete.type, 'complete', JSON.stringify(complete));
    assert.equal(complete.detail.status, 'succeeded');
    const payment = await api(edge.url, `/v1/payments/${complete.detail.paymentId}`, { key: merchant.secret_key });
    assert.equal(payment.status, 200);
    assert.equal(payment.json.status, 'succeeded');
    assert.equal(payment.json.amount, 2450);
    assert.equal(payment.json.checkout_session, session.id);

    await page.getByRole('button', { name: 'Remove the card form' }).click();
    assert.equal(await page.locator('iframe').count(), 0, 'the frame went with the component');
    await page.context().close();
  });

  test('a loader whose bytes do not match the hash never runs: the shop gets network_error and no frame', async () => {
    const wrong = `sha384-${Buffer.alloc(48, 7).toString('base64')}`;
    const { page } = await openShop('React checkout, wrong hash', { integrity: wrong });
    await page.waitForFunction(() => window.seen.length > 0);
    const [event] = await seen(page);
    assert.equal(event.type, 'error');
    assert.equal(event.detail.code, 'network_error');
    assert.match(event.detail.message, /integrity/);
    assert.equal(await page.evaluate(() => typeof window.Tessera), 'undefined');
    assert.equal(await page.locator('iframe').count(), 0);
    await page.getByRole('status').filter({ hasText: /integrity/ }).waitFor();
    await audit(page, 'the React shop when the loader is refused');
    await page.context().close();
  });

  test('on a server, the package imports and loadTessera resolves to null', async () => {
    const shop = join(folder, 'shop');
    writeFileSync(join(shop, 'ssr.mjs'), "import { loadTessera, versions } from '@tessera/js';\nconsole.log(JSON.stringify({ tessera: await loadTessera('pk_test_x', { edge: 'https://pay.example.com' }), versions }));\n");
    const out = JSON.parse(execFileSync(process.execPath, ['ssr.mjs'], { cwd: shop, encoding: 'utf8' }));
    assert.deepEqual(out, { tessera: null, versions: Object.keys(VERSIONS) });
  });

  test('the edge publishes the loader under the hash the package pins', async () => {
    const signed = await (await fetch(`${edge.url}/v1/manifest.json`)).json();
    const manifest = JSON.parse(Buffer.from(signed.payload, 'base64url').toString('utf8'));
    for (const [version, integrity] of Object.entries(VERSIONS)) {
      const listed = manifest.versions.find((v) => v.version === version)?.assets.find((a) => a.url === `/v1/${version}/tessera.js`);
      assert.equal(listed?.integrity, integrity, version);
    }
  });
});
