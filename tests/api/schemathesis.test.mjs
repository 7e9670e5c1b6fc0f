// The API contract, checked by a fuzzer: schemathesis (from PyPI, in the project's own virtual
// environment) reads GET /openapi.json from the edge in workerd and throws generated requests
// at every operation — examples, boundary values, negative data and stateful sequences along
// the document's links (create a session, then read, update, confirm and cancel it) — as each
// kind of caller: a merchant's secret key, the operator, a signed-in dashboard user, a signed-in
// shopper. Zero server errors, zero answers that break the document, zero
// requests that should have been refused and were accepted; bounded in time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bootEdge } from '../lib/edge-fixture.mjs';
import { signUp } from '../lib/dashboard.mjs';
import { shopperBrowser } from '../lib/shopper.mjs';
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

/** Operations that check a one-time code: a well-formed wrong code is refused with 422. */
const CODE_CHECKS = ['verifyAccountCode', 'verifyAccountPhone', 'verifyCurrentPhone', 'verifyDashboardCode'];

/**
 * The run's configuration: credentials by the document's security schemes (so schemathesis
 * knows which it sends and can leave them out to see them refused), and for the code checks a
 * 422 among the answers a well-formed request may get: "123456" fits the document and is still
 * the wrong code.
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
`;
}

/**
 * One schemathesis run against `edge` as one kind of caller: `headers` authenticate it, `only`
 * and `skip` pick operations (schemathesis's --include/--exclude options), `seconds` bound it.
 * Its JUnit report goes to test-results/schemathesis/<name>/.
 */
async function fuzz(edge, { name, auth, headers = {}, only = [], skip = [], seconds }) {
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

const secondsOf = (share) => Math.max(15, Math.round(SECONDS * share));

test('schemathesis with a merchant\'s secret key: every operation, stateful links, no server error, no answer outside the document, nothing accepted that should be refused', { timeout: (SECONDS + 120) * 1000 }, async () => {
  const edge = await bootEdge();
  try {
    const shop = await edge.merchant({ name: 'Fuzzed Shop' });
    await fuzz(edge, { name: 'secret-key', auth: { secretKey: shop.secret_key }, seconds: SECONDS });
  } finally {
    await edge.stop();
  }
});

test('schemathesis as the operator (ADMIN_TOKEN): merchants, the policy, reviews, deletion requests, risk rules', { timeout: (secondsOf(0.2) + 120) * 1000 }, async () => {
  const edge = await bootEdge();
  try {
    await fuzz(edge, { name: 'operator', auth: { operatorToken: edge.secrets.ADMIN_TOKEN }, only: ['--include-tag-regex', '^(Operator|Risk)$'], seconds: secondsOf(0.2) });
  } finally {
    await edge.stop();
  }
});

test('schemathesis as a signed-in dashboard owner (cookie, Origin, CSRF token): the dashboard, the business account, members', { timeout: (secondsOf(0.4) + 120) * 1000 }, async () => {
  const edge = await bootEdge();
  try {
    const { owner } = await signUp(edge.url, 'owner@fuzzed-books.example');
    await fuzz(edge, {
      name: 'dashboard',
      auth: { dashboardSession: owner.cookie.split(/=(.*)/s)[1], csrfToken: owner.csrf },
      headers: { Origin: edge.url },
      only: ['--include-tag-regex', '^(Dashboard|Business account|Members)$'],
      // Signing out would end the session the rest of the run needs.
      skip: ['--exclude-operation-id', 'signOutDashboard'],
      seconds: secondsOf(0.4),
    });
  } finally {
    await edge.stop();
  }
});

test('schemathesis as a signed-in shopper (account cookies, Origin, CSRF token): the personal account', { timeout: (secondsOf(0.4) + 120) * 1000 }, async () => {
  const edge = await bootEdge();
  try {
    const browser = shopperBrowser(edge.url);
    const signedIn = await browser.signIn('shopper@fuzzed.example');
    assert.equal(signedIn.status, 200, signedIn.text);
    await fuzz(edge, {
      name: 'account',
      auth: { accountSession: /__Host-tessera_account=([^;]+)/.exec(browser.jar)[1], csrfToken: browser.csrf },
      headers: { Origin: edge.url, 'X-Tessera-Dev-Country': 'GB' },
      only: ['--include-tag-regex', '^Personal account$'],
      // Signing out or deleting the account would end the session the rest of the run needs.
      skip: ['--exclude-operation-id-regex', '^(signOutAccount|signOutAccountEverywhere|deleteAccount)$'],
      seconds: secondsOf(0.4),
    });
  } finally {
    await edge.stop();
  }
});
