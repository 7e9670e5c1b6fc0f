// The API contract, checked by a fuzzer: schemathesis (from PyPI, in the project's own virtual
// environment) reads GET /openapi.json from the edge in workerd and throws generated requests
// at every operation — examples, boundary values, negative data and stateful sequences along
// the document's links (create a session, then read, update, confirm and cancel it) — with a
// merchant's secret key. Zero server errors, zero answers that break the document, zero
// requests that should have been refused and were accepted; bounded in time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bootEdge } from '../lib/edge-fixture.mjs';
import { repoRoot, tools } from '../../scripts/lib/tools.mjs';

const SECONDS = Number(process.env.SCHEMATHESIS_SECONDS ?? 100);

function run(cmd, args, { timeoutMs }) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1', SCHEMATHESIS_TELEMETRY: 'false' } });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, out }); });
  });
}

test('schemathesis finds no server error, no answer outside the document and nothing accepted that should be refused', { timeout: (SECONDS + 120) * 1000 }, async () => {
  const edge = await bootEdge();
  try {
    const shop = await edge.merchant({ name: 'Fuzzed Shop' });
    const reports = join(repoRoot, 'test-results', 'schemathesis');
    mkdirSync(reports, { recursive: true });
    const { code, out } = await run(tools.schemathesis, [
      'run', `${edge.url}/openapi.json`,
      '--url', edge.url,
      '-H', `Authorization: Bearer ${shop.secret_key}`,
      '--checks', 'all',
      '--max-time', String(SECONDS),
      '--max-examples', '12',
      '--request-timeout', '20',
      '--seed', '20261202',
      '--suppress-health-check', 'all',
      '--report', 'junit',
      '--report-dir', reports,
    ], { timeoutMs: (SECONDS + 90) * 1000 });
    console.log(out.split('\n').slice(-120).join('\n'));
    assert.equal(code, 0, 'schemathesis reported failures (see above and test-results/schemathesis/)');
  } finally {
    await edge.stop();
  }
});
