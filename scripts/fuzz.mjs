// Coverage-guided fuzzing of tessera-core's parsers (core/fuzz, libFuzzer through cargo fuzz).
//
//   node scripts/fuzz.mjs                  every target for FUZZ_SECONDS (default 4) each, as npm test does
//   node scripts/fuzz.mjs --seconds 3600 jwe   one target for an hour (the long run)
//
// Each run starts from the committed seeds (core/fuzz/seeds/<target>) and grows a working
// corpus under target/fuzz-corpus/<target>, kept between runs on this machine. A crash leaves
// its input in core/fuzz/artifacts/<target>/ and fails the run; turn that input into a unit test
// by saving it as core/fuzz/regressions/<target>/<name> (core/tests/fuzz_inputs.rs replays every
// seed and regression through the same parsers on every `cargo test`) before fixing it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, tools } from './lib/tools.mjs';

const fuzzDir = join(repoRoot, 'core', 'fuzz');
const args = process.argv.slice(2);
const at = args.indexOf('--seconds');
const seconds = at >= 0 ? Number(args.splice(at, 2)[1]) : Number(process.env.FUZZ_SECONDS ?? 4);
const all = readdirSync(join(fuzzDir, 'fuzz_targets')).map((f) => f.replace(/\.rs$/, '')).sort();
const targets = args.length ? args : all;
for (const t of targets) if (!all.includes(t)) throw new Error(`no fuzz target ${t}; there are ${all.join(', ')}`);

const cargoFuzz = existsSync(tools.cargoFuzz) ? tools.cargoFuzz : 'cargo-fuzz';
// Stable Rust and no sanitizer: core forbids `unsafe`, so what a run can find is a panic, an
// arithmetic overflow (checks are on), a hang or runaway memory.
const fuzz = (command) => ['fuzz', command, '--fuzz-dir', fuzzDir, '-s', 'none'];
const build = spawnSync(cargoFuzz, fuzz('build'), { cwd: fuzzDir, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

let failed = 0;
for (const target of targets) {
  const corpus = join(repoRoot, 'target', 'fuzz-corpus', target);
  mkdirSync(corpus, { recursive: true });
  const started = Date.now();
  const r = spawnSync(cargoFuzz, [
    ...fuzz('run'), target, corpus, join(fuzzDir, 'seeds', target), '--',
    `-max_total_time=${seconds}`, '-timeout=10', '-rss_limit_mb=2048', '-print_final_stats=1',
  ], { cwd: fuzzDir, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  // libFuzzer reports every new input it keeps; a run can print megabytes.
  if (r.error) throw r.error;
  const out = `${r.stdout}${r.stderr}`;
  const runs = out.match(/stat::number_of_executed_units:\s*(\d+)/)?.[1] ?? '?';
  const cov = out.match(/cov: (\d+)/g)?.at(-1) ?? '';
  if (r.status === 0) {
    console.log(`ok ${target}: ${runs} inputs in ${((Date.now() - started) / 1000).toFixed(0)} s, ${cov}`);
  } else {
    failed++;
    console.log(`FAIL ${target}\n${out.split('\n').filter((l) => /panicked|SUMMARY|artifact|Test unit|deadly|timeout|out-of-memory|ERROR/.test(l)).join('\n')}\nexit status ${r.status}, signal ${r.signal}`);
  }
}
console.log(`\nfuzz: ${targets.length - failed} targets clean, ${failed} failed`);
process.exit(failed ? 1 : 0);
