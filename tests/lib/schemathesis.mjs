// Schemathesis against the edge in workerd, as one kind of caller: the shared runner of the
// tests in tests/api/ (one file per caller, so each stays within the test runner's time per file
// and the files run side by side).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, tools } from '../../scripts/lib/tools.mjs';

export const SECONDS = Number(process.env.SCHEMATHESIS_SECONDS ?? 80);

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

/** Operations that check a one-time code: a well-formed wrong code is refused with 422. */
const CODE_CHECKS = ['verifyAccountCode', 'verifyAccountPhone', 'verifyCurrentPhone', 'verifyDashboardCode'];

/**
 * The run's configuration: credentials by the document's security schemes (so schemathesis
 * knows which it sends and can leave them out to see them refused), and a 422 among the answers
 * a well-formed request may get where the document cannot say what makes it wrong: for the code
 * checks "123456" fits the document and is still the wrong code; for the risk rules two rules
 * may fit it and share an id (a JSON schema cannot ask one field to be unique across a list).
 */
function settings(auth) {
  const quote = (v) => JSON.stringify(v);
  const schemes = Object.entries(auth).map(([scheme, value]) => {
    const field = scheme === 'secretKey' || scheme === 'operatorToken' ? 'bearer' : 'api_key';
    return `[auth.openapi.${scheme}]\n${field} = ${quote(value)}\n`;
  });
  return `${schemes.join('\n')}
[[operations]]
include-operation-id-regex = ${quote(`^(${CODE_CHECKS.join('|')})$`)}
checks.positive_data_acceptance.expected-statuses = ["2XX", "401", "403", "404", "409", "422", "429"]

[[operations]]
include-operation-id-regex = "^putRiskRules$"
checks.positive_data_acceptance.expected-statuses = ["2XX", "401", "403", "404", "409", "422", "429"]
`;
}

/**
 * One schemathesis run against `edge` as one kind of caller: `headers` authenticate it, `only`
 * and `skip` pick operations (schemathesis's --include/--exclude options), `seconds` bound it.
 * Its JUnit report goes to test-results/schemathesis/<name>/.
 */
export async function fuzz(edge, { name, auth, headers = {}, only = [], skip = [], seconds }) {
  const reports = join(repoRoot, 'test-results', 'schemathesis', name);
  mkdirSync(reports, { recursive: true });
  const config = join(reports, 'schemathesis.toml');
  writeFileSync(config, settings(auth));
  const { code, out } = await run(tools.schemathesis, [
    '--config-file', config,
    'run', `${edge.url}/openapi.json`,
    '--url', edge.url,
    ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]),
    ...only, ...skip,
    '--checks', 'all',
    '--max-time', String(seconds),
    '--max-examples', '12',
    '--request-timeout', '20',
    '--seed', '20261202',
    '--suppress-health-check', 'all',
    '--report', 'junit',
    '--report-dir', reports,
  ], { timeoutMs: (seconds + 90) * 1000 });
  console.log(out.split('\n').slice(-80).join('\n'));
  assert.match(out, /Tested operations|operations? (tested|selected)|API Operations/i, 'schemathesis ran operations');
  assert.equal(code, 0, `schemathesis (${name}) reported failures (see above and test-results/schemathesis/${name}/)`);
}

export const secondsOf = (share) => Math.max(15, Math.round(SECONDS * share));

