// One local edge per test file: wrangler dev in workerd with its own D1, Durable Objects and
// secrets in a temporary folder, plus a merchant made through the operator API.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMerchant, newSecrets, startEdge, writeEnvFile } from '../../scripts/lib/edge.mjs';

/**
 * Starts an edge. `secrets` overrides development secrets; `vars` overrides the test settings
 * (short session lifetimes, webhook retries and code resend intervals, so tests need not wait minutes; the resend interval stays at 2 s because the edge counts whole seconds).
 * Unless `riskRules` is `'default'`, the operator API sets an empty rule set, so every verified
 * confirm is allowed: tests of payments need not pass a step-up first.
 */
export async function bootEdge({ secrets = {}, vars = {}, riskRules = 'allow_all', ready } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-edge-'));
  const allSecrets = { ...newSecrets(), ...secrets };
  const envFile = join(dir, 'secrets.env');
  writeEnvFile(envFile, allSecrets);
  const stateDir = join(dir, 'state');
  const start = (more) => startEdge({
    stateDir,
    envFile,
    vars: { TESSERA_ENV: 'development', SESSION_TTL_MIN_SECONDS: '1', WEBHOOK_RETRY_BASE_SECONDS: '1', OTP_RESEND_INTERVAL_SECONDS: '2', ...vars, ...more },
    ...(ready ? { ready } : {}),
  });
  let edge = await start({});
  if (riskRules === 'allow_all') await setRiskRules(edge.url, allSecrets.ADMIN_TOKEN, { velocity_window_seconds: 3600, rules: [] });
  return {
    get url() { return edge.url; },
    secrets: allSecrets,
    logs: () => edge.logs(),
    /**
     * Kills workerd as a crash would (SIGKILL to its process group) and starts it again on the
     * same D1 database, Durable Object storage and secrets, with `more` variables on top of the
     * first start's (a variable set to '' is as good as unset). The edge answers on a new port.
     */
    async crashAndRestart(more = {}) {
      await edge.kill();
      edge = await start(more);
    },
    /** A new merchant; returns its keys. */
    merchant: (body = {}) => createMerchant(edge.url, allSecrets.ADMIN_TOKEN, { name: 'Test Shop', allowed_origins: ['http://127.0.0.1:9'], ...body }),
    /** Every byte the edge wrote to disk: D1 databases, Durable Object storage, caches. */
    storedBytes: () => filesUnder(stateDir).map(readIfThere).filter(Boolean),
    async stop() {
      await edge.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Replaces the edge's risk rules through the operator API. */
export async function setRiskRules(url, adminToken, rules) {
  const r = await fetch(`${url}/v1/risk/rules`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(rules),
  });
  if (r.status !== 200) throw new Error(`setting risk rules failed: ${r.status} ${await r.text()}`);
  return r.json();
}

/**
 * A file's bytes, or nothing if it went away after it was listed: SQLite's `-shm` and `-wal`
 * files come and go while workerd runs, and a file that is gone holds nothing.
 */
function readIfThere(path) {
  try {
    return readFileSync(path);
  } catch (e) {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  }
}

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    try {
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    } catch (e) {
      if (e.code === 'ENOENT') return [];
      throw e;
    }
  });
}

/** Card numbers in the forms they might leak in: plain digits and grouped. */
export function leakForms(pan) {
  const digits = pan.replace(/\D/g, '');
  return [digits, digits.replace(/(\d{4})(?=\d)/g, '$1 '), digits.replace(/(\d{4})(?=\d)/g, '$1-')];
}
