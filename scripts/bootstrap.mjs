// Installs what Tessera needs to build and test, and nothing that is already there.
//
// Runs before `npm start` and `npm test`, so a fresh machine with only rustup, Node and npm gets
// every tool from a package registry: the wasm32 Rust target, the wasm-bindgen CLI pinned to the
// version in Cargo.lock, the npm packages in package-lock.json and Debian's Chromium. A second run
// finds everything present and takes seconds. Uses only Node built-ins: npm packages are not
// installed yet when it starts.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { CARGO_FUZZ_VERSION, SCHEMATHESIS_VERSION, tools, repoRoot, wasmBindgenVersion } from './lib/tools.mjs';

const say = (msg) => console.log(`[bootstrap] ${msg}`);

function fail(msg) {
  console.error(`[bootstrap] ${msg}`);
  process.exit(1);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: repoRoot, ...opts });
  if (r.error) fail(`could not run ${cmd}: ${r.error.message}`);
  return r.status === 0;
}

function capture(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: repoRoot });
  return r.status === 0 ? r.stdout.trim() : null;
}

function wasmTarget() {
  const installed = capture('rustup', ['target', 'list', '--installed']);
  if (installed === null) fail('rustup is not on PATH: install Rust with rustup first (https://rustup.rs).');
  if (installed.split('\n').includes('wasm32-unknown-unknown')) return;
  say('adding the Rust target wasm32-unknown-unknown');
  if (!run('rustup', ['target', 'add', 'wasm32-unknown-unknown'])) {
    fail('`rustup target add wasm32-unknown-unknown` failed; Tessera cannot build its widget or edge without it.');
  }
}

function wasmBindgen() {
  const want = wasmBindgenVersion();
  if (capture(tools.wasmBindgen, ['--version']) === `wasm-bindgen ${want}`) return;
  say(`installing wasm-bindgen-cli ${want} (matches Cargo.lock; takes a few minutes once)`);
  // --debug builds the CLI about twice as fast and its output is byte-identical; --locked fails
  // because the CLI's own lockfile pins a crate version the registry no longer serves.
  const ok = run('cargo', [
    'install', 'wasm-bindgen-cli', '--version', want, '--no-default-features', '--debug',
    '--root', tools.wasmBindgenRoot, '--force',
  ]);
  if (!ok) fail(`cargo install wasm-bindgen-cli --version ${want} failed`);
}

/** cargo-fuzz, for the fuzz stage of `npm test` (libFuzzer on the stable toolchain). */
function cargoFuzz() {
  if (capture(tools.cargoFuzz, ['--version'])?.includes(CARGO_FUZZ_VERSION)) return;
  say(`installing cargo-fuzz ${CARGO_FUZZ_VERSION}`);
  if (!run('cargo', ['install', 'cargo-fuzz', '--version', CARGO_FUZZ_VERSION, '--root', tools.cargoFuzzRoot, '--force'])) {
    fail(`cargo install cargo-fuzz --version ${CARGO_FUZZ_VERSION} failed`);
  }
}

/** schemathesis from PyPI, in a virtual environment of its own under the tools cache. */
function schemathesis() {
  if (capture(tools.schemathesis, ['--version'])?.includes(SCHEMATHESIS_VERSION)) return;
  say(`installing schemathesis ${SCHEMATHESIS_VERSION} into ${tools.schemathesisVenv}`);
  const ok = run('python3', ['-m', 'venv', '--clear', tools.schemathesisVenv])
    && run(join(tools.schemathesisVenv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS_VERSION}`]);
  if (!ok) fail(`installing schemathesis ${SCHEMATHESIS_VERSION} with pip failed`);
}

function npmPackages() {
  const lock = readFileSync(`${repoRoot}/package-lock.json`);
  const digest = createHash('sha256').update(lock).digest('hex');
  const stamp = `${repoRoot}/node_modules/.tessera-lock-sha256`;
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return;
  say('installing npm packages from package-lock.json (npm ci)');
  if (!run('npm', ['ci', '--no-audit', '--no-fund'])) fail('npm ci failed');
  writeFileSync(stamp, digest);
}

function chromium() {
  if (existsSync('/usr/bin/chromium') && existsSync('/usr/bin/chromedriver')) return;
  say("installing Debian's chromium and chromium-driver");
  const root = process.getuid?.() === 0;
  const [cmd, pre] = root ? ['apt-get', []] : ['sudo', ['apt-get']];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const ok = run(cmd, [...pre, 'update'])
    && run(cmd, [...pre, 'install', '-y', '--no-install-recommends', 'chromium', 'chromium-driver'], { env });
  if (!ok) fail('could not install chromium and chromium-driver with apt-get; install them and run again.');
}

const started = Date.now();
wasmTarget();
wasmBindgen();
cargoFuzz();
schemathesis();
npmPackages();
chromium();
say(`tools ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
