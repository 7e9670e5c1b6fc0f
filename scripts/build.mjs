// Builds the browser widget and the edge worker from Rust to WebAssembly.
//
// cargo compiles both crates for wasm32-unknown-unknown; wasm-bindgen (pinned to Cargo.lock by
// the bootstrap) writes the JS glue. The edge gets a small ES-module shim that hands each fetch
// to the Rust `fetch` export with the Worker's env and context, which is all workerd needs; we
// build by hand instead of with worker-build, which would download its own tools.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { buildAccount } from './lib/account.mjs';
import { buildDashboard } from './lib/dashboard.mjs';
import { repoRoot, tools } from './lib/tools.mjs';
import { minifyWasmNames } from './lib/wasm-names.mjs';
import { publish } from './lib/manifest.mjs';

const wasmDir = (profile) => join(repoRoot, 'target', 'wasm32-unknown-unknown', profile);
export const buildDir = join(repoRoot, 'build');

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: repoRoot });
  if (r.status !== 0) {
    console.error(`[build] ${cmd} ${args.join(' ')} failed`);
    process.exit(r.status ?? 1);
  }
}

function bindgen(wasm, target, outDir, outName) {
  mkdirSync(outDir, { recursive: true });
  run(tools.wasmBindgen, [wasm, '--target', target, '--out-dir', outDir, '--out-name', outName, '--no-typescript']);
}

/**
 * A wasm module as browsers get it, written to `outDir` as `<outName>.js` and
 * `<outName>_bg.wasm`: wasm-bindgen's glue, the wasm optimised for size (wasm-opt -Oz from the
 * npm binaryen) with short import and export names, and the glue and its snippets bundled into
 * one minified module. The widget ships this way; the bench builds its provider probes the same.
 */
export function packForBrowser(wasm, outDir, outName) {
  bindgen(wasm, 'web', outDir, outName);
  const packed = join(outDir, `${outName}_bg.wasm`);
  const glue = join(outDir, `${outName}.js`);
  const wasmOpt = join(repoRoot, 'node_modules', '.bin', 'wasm-opt');
  run(wasmOpt, ['-Oz', packed, '-o', packed]);
  minifyWasmNames(wasmOpt, packed, glue);
  run(join(repoRoot, 'node_modules', '.bin', 'esbuild'), [glue, '--bundle', '--minify', '--format=esm', '--allow-overwrite', `--outfile=${glue}`, '--log-level=warning']);
  rmSync(join(outDir, 'snippets'), { recursive: true, force: true });
}

/** The SRI value (sha384) merchants put in the script tag's integrity attribute. */
export function integrity(path) {
  return `sha384-${createHash('sha384').update(readFileSync(path)).digest('base64')}`;
}

/**
 * The Worker entry: a WorkerEntrypoint whose fetch calls into Rust, and the Durable Object
 * classes named in edge/wrangler.json, exported as wasm-bindgen generated them.
 */
function edgeShim() {
  const config = JSON.parse(readFileSync(join(repoRoot, 'edge', 'wrangler.json'), 'utf8'));
  const classes = config.durable_objects.bindings.map((b) => b.class_name);
  return [
    'import { WorkerEntrypoint } from "cloudflare:workers";',
    'import * as rust from "./index.js";',
    '',
    'export default class TesseraEdge extends WorkerEntrypoint {',
    '  fetch(request) {',
    '    return rust.fetch(request, this.env, this.ctx);',
    '  }',
    '  scheduled(controller) {',
    '    return rust.scheduled(controller, this.env, this.ctx);',
    '  }',
    '}',
    `export { ${classes.join(', ')} } from "./index.js";`,
    '',
  ].join('\n');
}

/**
 * The edge as workerd loads it, in `outDir`: the wasm with its glue and the shim. The `dev`
 * feature compiles in the development routes (outbox, sandbox ledger and faults, bench) and the
 * crash tests' fault points that `npm start` and the tests use; `production` builds without it.
 */
export function buildEdge({ production, outDir }) {
  run('cargo', ['build', '--profile', 'edge', '--target', 'wasm32-unknown-unknown', '-p', 'tessera-edge', ...(production ? [] : ['--features', 'dev'])]);
  rmSync(outDir, { recursive: true, force: true });
  bindgen(join(wasmDir('edge'), 'tessera_edge.wasm'), 'module', outDir, 'index');
  const indexPath = join(outDir, 'index.js');
  // workerd imports a .wasm file as a WebAssembly.Module; it does not know the source-phase syntax.
  const indexJs = readFileSync(indexPath, 'utf8').replace('import source wasmModule from', 'import wasmModule from');
  writeFileSync(indexPath, indexJs);
  writeFileSync(join(outDir, 'shim.mjs'), edgeShim());
}

export async function build() {
  const started = Date.now();
  // The CLI makes development keys and lets tests in JavaScript reach tessera-core.
  run('cargo', ['build', '-p', 'tessera-cli']);
  // Two builds: the widget is optimised for size (every shopper downloads it), the edge for speed
  // (every confirm pays its CPU time); see the profiles in Cargo.toml.
  run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '-p', 'tessera-widget']);

  // What browsers load from the edge: the loader, the frame's script and style, the widget.
  const www = join(buildDir, 'www');
  rmSync(www, { recursive: true, force: true });
  cpSync(join(repoRoot, 'www', 'edge'), www, { recursive: true });
  // Every shopper downloads the widget: as small as it goes, and one request for the JS.
  packForBrowser(join(wasmDir('release'), 'tessera_widget.wasm'), join(www, 'v1', 'frame'), 'tessera_widget');
  writeFileSync(join(www, 'v1', 'tessera.js.sri'), `${integrity(join(www, 'v1', 'tessera.js'))}\n`);
  // The same files at URLs naming their version, and the signed manifest listing them.
  const published = await publish(www);
  console.log(`[build] published v${published.version}: ${published.assets.length} assets; manifest lists ${published.versions.join(', ')}`);
  // The merchant dashboard: static pages and their bundles (uPlot included), served at /dashboard/.
  buildDashboard({ outDir: join(www, 'dashboard') });
  // The shopper's personal-account pages, served at /account/.
  buildAccount({ outDir: join(www, 'account') });

  buildEdge({ production: process.env.TESSERA_EDGE_PRODUCTION === '1', outDir: join(buildDir, 'edge') });
  console.log(`[build] widget and edge built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (import.meta.url === `file://${process.argv[1]}`) await build();
