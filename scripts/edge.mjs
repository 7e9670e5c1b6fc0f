// `npm run edge`: build and run only the edge, locally in workerd, with the demo merchant.
// `npm start` runs this beside the demo store.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from './build.mjs';
import { createMerchant, devState, readEnvFile, startEdge } from './lib/edge.mjs';
import { repoRoot } from './lib/tools.mjs';

export const EDGE_PORT = Number(process.env.TESSERA_EDGE_PORT ?? 8787);
export const STORE_PORT = Number(process.env.TESSERA_STORE_PORT ?? 8788);

/** Test cards as tessera-core defines them. */
export function testCards() {
  const cli = join(repoRoot, 'target', 'debug', 'tessera-cli');
  const r = spawnSync(cli, [], { input: '{"op":"test_cards"}\n', encoding: 'utf8' });
  return JSON.parse(r.stdout).ok.cards;
}

/** The address that owns the demo store's merchant in the dashboard. */
export const DEMO_OWNER = 'owner@demo-store.example';

/**
 * Whether a saved demo merchant is current: keys with a mode (older keys predate test and live
 * mode) and an owner who can sign in to the dashboard.
 */
function currentMerchant(file) {
  if (!existsSync(file)) return false;
  const saved = JSON.parse(readFileSync(file, 'utf8'));
  return /^sk_test_/.test(saved.secret_key ?? '') && Boolean(saved.owner_email);
}

/**
 * Starts the edge with development settings; creates and saves the demo merchant on first run,
 * and again when the saved one's keys are from before test and live mode.
 */
export async function runEdge({ quiet = false } = {}) {
  const state = devState();
  const edge = await startEdge({
    stateDir: state.stateDir,
    envFile: state.envFile,
    port: EDGE_PORT,
    vars: { TESSERA_ENV: 'development' },
    onLog: quiet ? undefined : (line) => process.stdout.write(line),
  });
  if (!currentMerchant(state.merchantFile)) {
    const { ADMIN_TOKEN } = readEnvFile(state.envFile);
    const store = `http://127.0.0.1:${STORE_PORT}`;
    const merchant = await createMerchant(edge.url, ADMIN_TOKEN, {
      name: 'Tessera Demo Store',
      allowed_origins: [store, `http://localhost:${STORE_PORT}`],
      webhook_url: `${store}/webhooks/tessera`,
      owner_email: DEMO_OWNER,
    });
    writeFileSync(state.merchantFile, `${JSON.stringify(merchant, null, 2)}\n`, { mode: 0o600 });
  }
  const merchant = JSON.parse(readFileSync(state.merchantFile, 'utf8'));
  return { edge, merchant, state };
}

export function banner({ edge, merchant, state }) {
  const cards = testCards().map((c) => `    ${c.number}  ${c.description}`).join('\n');
  return `
Tessera edge running in workerd at ${edge.url}
  JWKS:             ${edge.url}/.well-known/jwks.json
  Publishable key:  ${merchant.publishable_key}
  Secret key:       ${merchant.secret_key}   (test mode: the sandbox processor)
  Webhook secret:   ${merchant.webhook_secret}
  Dashboard:        ${edge.url.replace('127.0.0.1', 'localhost')}/dashboard/  (sign in as ${merchant.owner_email}; the code is in /dev/outbox)
  (saved in ${state.merchantFile}; development keys in ${state.envFile})

  Test cards (any future expiry, any CVC):
${cards}

  Create a checkout session:
    curl -s ${edge.url}/v1/checkout_sessions -H 'Authorization: Bearer ${merchant.secret_key}' \\
      -H 'Content-Type: application/json' \\
      -d '{"amount":1999,"currency":"USD","reference":"order-1","shopper":{"email":"ada@example.com"}}'
`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await build();
  const running = await runEdge();
  console.log(banner(running));
  const stop = async () => { await running.edge.stop(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
