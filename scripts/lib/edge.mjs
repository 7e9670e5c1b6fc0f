// Runs the edge locally in workerd through `wrangler dev`, with real local bindings: D1 (its
// migrations applied first), Durable Objects and secrets from an env file. Used by `npm start`,
// `npm run edge` and the tests, so what a person runs is what the tests run.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { repoRoot, tools } from './tools.mjs';

const wranglerJs = join(repoRoot, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
const config = join(repoRoot, 'edge', 'wrangler.json');
const cliPath = join(repoRoot, 'target', 'debug', 'tessera-cli');

export const wranglerEnv = {
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_LOG: process.env.WRANGLER_LOG ?? 'info',
  CI: 'true', // no interactive prompts
  NO_COLOR: '1',
};

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const b64url = (bytes) => Buffer.from(bytes).toString('base64url');

/** A new ECDH-ES P-256 private JWK made by tessera-core. */
export function generateEncryptionKey(kid) {
  const r = spawnSync(cliPath, [], { input: `${JSON.stringify({ op: 'generate_key', kid })}\n`, encoding: 'utf8' });
  const answer = JSON.parse(r.stdout || '{}');
  if (!answer.ok) throw new Error(`tessera-cli could not make a key (build it with npm run build): ${r.stderr}`);
  return answer.ok.private_jwk;
}

/** Development secrets: one active encryption key, one vault key, a fingerprint secret, an admin token. */
export function newSecrets() {
  const kid = `dev-${new Date().toISOString().slice(0, 10)}`;
  return {
    ENCRYPTION_KEYS: JSON.stringify({ keys: [{ state: 'active', jwk: generateEncryptionKey(kid) }] }),
    VAULT_KEYS: JSON.stringify({ current: 'dk1', keys: { dk1: b64url(randomBytes(32)) } }),
    CARD_FINGERPRINT_SECRET: b64url(randomBytes(32)),
    ADMIN_TOKEN: `adm_${b64url(randomBytes(32))}`,
  };
}

/** Writes secrets as an env file wrangler reads (single quotes keep the JSON literal). */
export function writeEnvFile(path, values) {
  const lines = Object.entries(values).map(([k, v]) => `${k}='${v}'`);
  writeFileSync(path, `${lines.join('\n')}\n`, { mode: 0o600 });
}

export function readEnvFile(path) {
  const out = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = line.match(/^([A-Z0-9_]+)='(.*)'$/);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

function wrangler(args, opts = {}) {
  return spawnSync(tools.node22, [wranglerJs, ...args], { cwd: repoRoot, env: wranglerEnv, encoding: 'utf8', ...opts });
}

/** Applies the D1 migrations to the local database in `stateDir`. */
export function migrate(stateDir) {
  const r = wrangler(['d1', 'migrations', 'apply', 'tessera', '--local', '--persist-to', stateDir, '-c', config]);
  if (r.status !== 0) throw new Error(`D1 migrations failed:\n${r.stdout}\n${r.stderr}`);
}

/**
 * Starts `wrangler dev` and waits until the edge answers. Returns { url, port, stop(), kill(), logs() }.
 * `vars` are plain variables (TESSERA_ENV and policy knobs); `envFile` holds the secrets.
 */
export async function startEdge(options) {
  // A free port is only free when it is asked for: another edge starting at the same moment (its
  // listener or its inspector) may take it first. Then the edge starts again on other ports, or
  // on the same one a moment later if the caller chose it (a restart after a crash).
  for (let attempt = 1; ; attempt++) {
    try {
      return await startEdgeOnce(options, attempt === 1);
    } catch (e) {
      if (attempt >= 4 || !/Address already in use/.test(e.message)) throw e;
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
}

async function startEdgeOnce({ stateDir, envFile, port, vars = {}, onLog, worker = config, healthPath = '/health', ready = (r) => r.ok }, first) {
  mkdirSync(stateDir, { recursive: true });
  if (worker === config && first) migrate(stateDir);
  const listen = port ?? (await freePort());
  const inspector = await freePort();
  const varArgs = Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`]);
  const child = spawn(tools.node22, [
    wranglerJs, 'dev', '-c', worker, '--local', '--ip', '127.0.0.1', '--port', String(listen),
    '--inspector-port', String(inspector), '--persist-to', stateDir, ...(envFile ? ['--env-file', envFile] : []),
    '--show-interactive-dev-session=false', '--log-level', 'info', '--test-scheduled', ...varArgs,
  ], { cwd: repoRoot, env: wranglerEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (d) => { output += d; onLog?.(String(d)); };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise((resolve) => child.on('exit', resolve));

  const url = `http://127.0.0.1:${listen}`;
  // wrangler and its workerd children share the process group the detached spawn created;
  // stopping means that group is empty, not just that wrangler exited.
  const groupAlive = () => { try { process.kill(-child.pid, 0); return true; } catch { return false; } };
  const stop = async () => {
    if (!groupAlive()) return;
    process.kill(-child.pid, 'SIGTERM');
    const until = Date.now() + 10_000;
    while (groupAlive() && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    if (groupAlive()) process.kill(-child.pid, 'SIGKILL');
    await exited;
  };
  /** Ends the edge as a crash would: SIGKILL to the whole group, no chance to flush anything. */
  const kill = async () => {
    if (groupAlive()) process.kill(-child.pid, 'SIGKILL');
    const until = Date.now() + 10_000;
    while (groupAlive() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    await exited;
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited:\n${output}`);
    try {
      const r = await fetch(`${url}${healthPath}`);
      if (ready(r)) return { url, port: listen, pid: child.pid, stop, kill, logs: () => output };
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`wrangler dev did not answer within 60 s:\n${output}`);
}

/** Creates a merchant through the operator API. */
export async function createMerchant(url, adminToken, body) {
  const r = await fetch(`${url}/v1/merchants`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = await r.json();
  if (r.status !== 201) throw new Error(`creating a merchant failed: ${r.status} ${JSON.stringify(json)}`);
  return json;
}

/** The development state folder and its secrets, made on first use. */
export function devState() {
  const dir = join(repoRoot, '.tessera');
  mkdirSync(dir, { recursive: true });
  const envFile = join(dir, 'secrets.env');
  const fresh = !existsSync(envFile);
  if (fresh) writeEnvFile(envFile, newSecrets());
  return { dir, envFile, stateDir: join(dir, 'state'), merchantFile: join(dir, 'demo-merchant.json'), fresh };
}
