// `npm test`: every test in the repository, then one summary.
//
// Stages run in order and each one's output streams as it runs; a failing stage does not stop
// the ones that do not depend on it. The last line is "tests: N passed, M failed".
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { repoRoot, tools } from './lib/tools.mjs';

const node = existsSync(tools.node22) ? tools.node22 : process.execPath;

/** Counts from `cargo test` ("test result: ok. 3 passed; 0 failed; …", once per test binary). */
function cargoCounts(out) {
  let passed = 0;
  let failed = 0;
  for (const m of out.matchAll(/test result: \w+\. (\d+) passed; (\d+) failed/g)) {
    passed += Number(m[1]);
    failed += Number(m[2]);
  }
  return { passed, failed };
}

/** Counts from node's spec reporter ("ℹ pass 12", "ℹ fail 0"). */
function nodeCounts(out) {
  const count = (word) => Number(out.match(new RegExp(`ℹ ${word} (\\d+)`))?.[1] ?? 0);
  return { passed: count('pass'), failed: count('fail') + count('cancelled') };
}

const stages = [
  {
    name: 'Rust: unit tests, standard test vectors (RFC, Wycheproof), property tests',
    cmd: 'cargo',
    args: ['test', '--workspace', '--', '--nocapture'],
    counts: cargoCounts,
  },
  {
    name: 'Rust: clippy, native and wasm32 (the widget without std and the edge without its dev routes, as shipped)',
    cmd: 'bash',
    args: ['-c', [
      'cargo clippy --workspace --all-targets -- -D warnings',
      // The edge as `npm run build` makes it (with the development routes) and as deployed (without).
      'cargo clippy --target wasm32-unknown-unknown -p tessera-widget -p tessera-edge --all-targets --features tessera-edge/dev -- -D warnings',
      'cargo clippy --target wasm32-unknown-unknown -p tessera-edge --lib -- -D warnings',
      // The shipped widget, as built: without std (tests turn std on for it).
      'cargo clippy --release --target wasm32-unknown-unknown -p tessera-widget --lib -- -D warnings',
    ].join(' && ')],
  },
  {
    name: 'Rust: coverage-guided fuzzing of every parser in core (libFuzzer, a few seconds per target)',
    cmd: node,
    args: ['scripts/fuzz.mjs'],
    counts: (out) => ({ passed: (out.match(/^ok \w+:/gm) ?? []).length, failed: (out.match(/^FAIL /gm) ?? []).length }),
  },
  {
    name: 'Widget in headless Chromium (wasm-bindgen-test): form, and the WebCrypto provider through RFC and Wycheproof vectors',
    cmd: 'cargo',
    args: ['test', '--target', 'wasm32-unknown-unknown', '-p', 'tessera-widget', '--test', 'web', '--', '--nocapture'],
    env: { CHROMEDRIVER: '/usr/bin/chromedriver', CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER: tools.wasmBindgenTestRunner },
    counts: cargoCounts,
  },
  { name: 'Build: widget and edge to WebAssembly', cmd: node, args: ['scripts/build.mjs'], required: true },
  {
    name: 'Deploy: the edge built for production through wrangler deploy --dry-run, with no development code in its bundle',
    cmd: node,
    args: ['scripts/deploy-check.mjs'],
  },
  {
    name: 'JavaScript: interop with independent implementations, edge and browser tests',
    cmd: node,
    args: ['--test', '--test-reporter=spec', '--test-concurrency=2', '--test-timeout=180000', 'tests/**/*.test.mjs'],
    counts: nodeCounts,
  },
];

function runStage(stage) {
  return new Promise((resolve) => {
    const started = Date.now();
    console.log(`\n=== ${stage.name}\n`);
    const child = spawn(stage.cmd, stage.args, { cwd: repoRoot, env: { ...process.env, ...stage.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
    child.stderr.on('data', (d) => { out += d; process.stderr.write(d); });
    child.on('close', (code) => {
      const counts = stage.counts?.(out) ?? { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1 };
      // A stage that exits non-zero has failed even if its runner counted no failure.
      if (code !== 0 && counts.failed === 0) counts.failed = 1;
      resolve({ name: stage.name, ok: code === 0, seconds: (Date.now() - started) / 1000, ...counts });
    });
  });
}

const results = [];
for (const stage of stages) {
  const result = await runStage(stage);
  results.push(result);
  if (!result.ok && stage.required) {
    console.error(`\n${stage.name} failed; later stages need it.`);
    break;
  }
}

console.log('\n=== Summary\n');
for (const r of results) {
  console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}: ${r.passed} passed, ${r.failed} failed (${r.seconds.toFixed(1)} s)`);
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
const ok = results.length === stages.length && results.every((r) => r.ok);
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(ok ? 0 : 1);
