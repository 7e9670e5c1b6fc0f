// `npm run deploy:check`: the edge as it would be deployed, checked without deploying. It builds
// the edge without its development feature, runs `wrangler deploy --dry-run` on it with the
// repository's wrangler.json (bindings, Durable Object migrations, the Cron Trigger, the static
// assets), and searches the bundle wrangler wrote for what only a development build may carry:
// the /dev routes and the crash tests' fault points. Nothing is uploaded; no account is needed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildDir, buildEdge } from './build.mjs';
import { wranglerEnv } from './lib/edge.mjs';
import { repoRoot, tools } from './lib/tools.mjs';

/**
 * What only the `dev` feature compiles in: the fault points' log line and variable, the
 * development routes' module and the outbox the development sender writes. Each must be found in
 * the development build, so the search is known to work, and in none of the production bundle.
 */
export const DEVELOPMENT_ONLY = ['fault: stopped at', 'FAULT_AT', 'tessera_edge::fault::at', 'tessera_edge::routes::dev::', 'INSERT INTO outbox'];

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

export function deployCheck() {
  const started = Date.now();
  if (!existsSync(join(buildDir, 'www', 'v1', 'tessera.js'))) throw new Error('build first: npm run build (the assets are deployed with the edge)');
  const edgeDir = join(buildDir, 'edge-production');
  buildEdge({ production: true, outDir: edgeDir });

  // The repository's configuration, pointed at the production build.
  const deployDir = join(buildDir, 'deploy');
  rmSync(deployDir, { recursive: true, force: true });
  mkdirSync(deployDir, { recursive: true });
  const config = JSON.parse(readFileSync(join(repoRoot, 'edge', 'wrangler.json'), 'utf8'));
  delete config.$schema;
  config.main = relative(deployDir, join(edgeDir, 'shim.mjs'));
  config.assets.directory = relative(deployDir, join(buildDir, 'www'));
  for (const db of config.d1_databases) db.migrations_dir = relative(deployDir, join(repoRoot, 'edge', db.migrations_dir));
  const configPath = join(deployDir, 'wrangler.json');
  writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);

  const outDir = join(deployDir, 'bundle');
  const wranglerJs = join(repoRoot, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
  const r = spawnSync(tools.node22, [wranglerJs, 'deploy', '--dry-run', '--outdir', outDir, '-c', configPath], { cwd: repoRoot, env: wranglerEnv, encoding: 'utf8' });
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  if (r.status !== 0) throw new Error(`wrangler deploy --dry-run failed (exit ${r.status})`);

  const devWasm = join(buildDir, 'edge', 'index_bg.wasm');
  if (existsSync(devWasm)) {
    const dev = readFileSync(devWasm);
    const missing = DEVELOPMENT_ONLY.filter((text) => !dev.includes(text));
    // All missing: build/edge is itself a production build (TESSERA_EDGE_PRODUCTION=1).
    if (missing.length && missing.length < DEVELOPMENT_ONLY.length) throw new Error(`the development build lacks ${missing.join(', ')}: the search below would prove nothing`);
  }
  const bundle = filesUnder(outDir);
  const wasm = bundle.filter((f) => f.endsWith('.wasm'));
  if (wasm.length === 0) throw new Error(`the bundle has no wasm module: ${bundle.map((f) => relative(outDir, f)).join(', ')}`);
  const found = [];
  for (const file of bundle) {
    const bytes = readFileSync(file);
    for (const text of DEVELOPMENT_ONLY) if (bytes.includes(text)) found.push(`${relative(outDir, file)} holds "${text}"`);
  }
  if (found.length) throw new Error(`the production bundle carries development code:\n  ${found.join('\n  ')}`);
  const size = wasm.reduce((n, f) => n + statSync(f).size, 0);
  console.log(`ok deploy: wrangler deploy --dry-run passed; ${bundle.length} files, ${(size / 1024).toFixed(0)} KiB of wasm, none of ${DEVELOPMENT_ONLY.length} development-only strings (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    deployCheck();
  } catch (e) {
    console.error(`FAIL deploy: ${e.message}`);
    process.exit(1);
  }
}
