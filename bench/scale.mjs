// `node bench/scale.mjs`: how far one D1 database carries Tessera's checkout traffic, and what
// sharding by merchant buys. Writes its results between the markers in docs/SCALE.md.
//
// 1. Measured: the edge runs in local workerd with its D1 binding wrapped
//    (bench/scale-trace-worker.mjs), and one client plays the bench's mixed traffic
//    (bench/mixed-load.mjs) one request at a time, so every D1 round trip (statements,
//    parameters, when it left and came back) and the development counters
//    (`GET /dev/storage_calls`: D1 round trips, reads, writes, Durable Object calls) are known
//    per request. Each merchant starts with seeded history so the indexes have depth.
// 2. Measured: the same statements replayed in order on a copy of that D1 database (node:sqlite,
//    SQLite alone, no network), several times, give each statement's service time: what the
//    database's single thread spends on it.
// 3. Simulated: those requests replayed as a queueing model, offered load stepping up, against
//    1, 2, 4 and 8 databases, each a single FIFO server (one statement at a time, as D1 runs
//    one SQLite per database), requests assigned to a database by a hash of their merchant.
//    Everything that is not a D1 statement (the edge's CPU, Durable Object calls, the network)
//    keeps its measured time and does not queue, as Workers and per-session objects scale out.
//    A real replay against N local databases would measure this machine instead: local workerd
//    runs the Worker, its Durable Objects and every local D1 database on one thread of two cores.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from '../scripts/build.mjs';
import { createMerchant, migrate, newSecrets, startEdge, writeEnvFile } from '../scripts/lib/edge.mjs';
import { repoRoot, tools } from '../scripts/lib/tools.mjs';
import { KINDS, mixedLoad, RULES, storageCounter, summary } from './mixed-load.mjs';
import { setRiskRules } from '../tests/lib/edge-fixture.mjs';

// node:sqlite needs Node 22; the repository's own Node has it.
if (Number(process.versions.node.split('.')[0]) < 22) {
  const r = spawnSync(tools.node22, process.argv.slice(1), { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
process.removeAllListeners('warning'); // node:sqlite is "experimental" in Node 22
const { DatabaseSync } = await import('node:sqlite');

const OPERATIONS = Number(process.env.SCALE_OPERATIONS ?? 60); // traced client steps
const SEED = Number(process.env.SCALE_SEED_PAYMENTS ?? 25_000); // history per merchant
const MERCHANTS = 4;
const REPLAYS = Number(process.env.SCALE_REPLAYS ?? 5);
const ARRIVALS = Number(process.env.SCALE_ARRIVALS ?? 4000); // simulated requests per load step, at least
const SIM_MERCHANTS = 64;
const SHARDS = [1, 2, 4, 8];
const CONFIRMS = new Set(['confirm', 'stepUp', 'verify']);
const started = Date.now();
const say = (line) => console.log(`[scale] ${line}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const f = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

if (!process.env.SCALE_NO_BUILD) {
  say('building');
  build();
}

// ---------------------------------------------------------------------------------------------
// 1 and 2: measured (SCALE_FROM=file reads an earlier run kept with SCALE_KEEP=file).
async function measure() {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-scale-'));
  const edgeConfig = JSON.parse(readFileSync(join(repoRoot, 'edge', 'wrangler.json'), 'utf8'));
  const traceWorker = join(repoRoot, 'bench', 'scale-trace-worker.mjs');
  const exported = readFileSync(traceWorker, 'utf8').match(/export \{ ([^}]+) \} from '\.\.\/build\/edge\/index\.js'/)[1].split(',').map((s) => s.trim());
  const classes = edgeConfig.durable_objects.bindings.map((b) => b.class_name);
  if (classes.some((c) => !exported.includes(c))) throw new Error(`bench/scale-trace-worker.mjs must export every Durable Object class of edge/wrangler.json: ${classes.join(', ')}`);
  const { $schema, ...config } = edgeConfig;
  const tracedConfig = join(dir, 'wrangler.json');
  writeFileSync(tracedConfig, JSON.stringify({
    ...config,
    main: traceWorker,
    d1_databases: config.d1_databases.map((d) => ({ ...d, migrations_dir: join(repoRoot, 'edge', d.migrations_dir) })),
    assets: { ...config.assets, directory: join(repoRoot, 'edge', config.assets.directory) },
  }));
  const secrets = newSecrets();
  writeEnvFile(join(dir, 'secrets.env'), secrets);
  const stateDir = join(dir, 'state');
  migrate(stateDir);
  const edge = await startEdge({ stateDir, envFile: join(dir, 'secrets.env'), worker: tracedConfig, vars: { TESSERA_ENV: 'development' } });
  const get = async (path) => (await fetch(`${edge.url}${path}`)).json();
  const d1File = () => {
    const folder = join(stateDir, 'v3', 'd1', 'miniflare-D1DatabaseObject');
    const [name] = readdirSync(folder).filter((n) => n.endsWith('.sqlite') && n !== 'metadata.sqlite');
    return join(folder, name);
  };
  let counter;
  /** Waits until the counters stop moving (work left running after an answer), then the trace's length. */
  async function settle() {
    const calls = await counter.settled();
    return { calls, length: (await get('/__trace?since=1e12')).length };
  }

  try {

    say(`seeding ${MERCHANTS} merchants with ${SEED} payments each`);
    const merchants = [];
    const now = Math.floor(Date.now() / 1000);
    for (let i = 0; i < MERCHANTS; i++) {
      const merchant = await createMerchant(edge.url, secrets.ADMIN_TOKEN, { name: `Scale Shop ${i}`, allowed_origins: ['http://127.0.0.1:9'] });
      const r = await fetch(`${edge.url}/dev/seed/payments`, {
        method: 'POST', headers: { Authorization: `Bearer ${merchant.secret_key}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ count: SEED, from: now - 90 * 86_400, to: now - 3600 }),
      });
      if (r.status !== 201) throw new Error(`seeding: ${r.status} ${await r.text()}`);
      merchants.push(merchant);
    }
    await setRiskRules(edge.url, secrets.ADMIN_TOKEN, RULES);
    counter = await storageCounter(edge.url);
    // Everything from here on is replayed on a copy of the database as it is now.
    let mark = await settle();
    const snapshot = join(dir, 'snapshot.sqlite');
    copyFileSync(d1File(), snapshot);
    if (existsSync(`${d1File()}-wal`)) copyFileSync(`${d1File()}-wal`, `${snapshot}-wal`);
    const firstEntry = mark.length;

    say(`tracing ${OPERATIONS} steps of the bench's mix, one request at a time`);
    const traced = [];
    const load = await mixedLoad({
      url: edge.url, adminToken: secrets.ADMIN_TOKEN, merchants, operations: OPERATIONS, clients: 1,
      onFailure: (kind, status, failure) => console.error(`[scale] !!! ${KINDS[kind]} failed: ${failure}`),
      around: async (kind, request) => {
        const before = await settle();
        const t = performance.now();
        const answer = await request();
        const latency = performance.now() - t;
        mark = await settle();
        const { entries } = await get(`/__trace?since=${before.length}`);
        const { calls: objects, ...calls } = summary(counter.between(before.calls, mark.calls));
        traced.push({ kind, latency, entries, calls, objects });
        return answer;
      },
    });
    if (load.failures) throw new Error(`${load.failures} requests of the traced run failed`);
    const everything = (await get(`/__trace?since=${firstEntry}`)).entries.filter((e) => e.method !== 'request');
    const select1 = (await get('/__trace/select1?n=300')).ms;
    await edge.stop();

    // -------------------------------------------------------------------------------------------
    // 2. Every statement again, in order, on copies of the database: SQLite's own time.
    say(`replaying ${everything.length} D1 round trips ${REPLAYS} times on node:sqlite`);
    const bind = (v) => {
      if (v && typeof v === 'object' && Array.isArray(v.bytes)) return Uint8Array.from(v.bytes);
      if (typeof v === 'boolean') return v ? 1n : 0n;
      if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
      return v ?? null;
    };
    const times = everything.map(() => []);
    let replayErrors = 0;
    for (let run = 0; run < REPLAYS; run++) {
      const copy = join(dir, `replay-${run}.sqlite`);
      copyFileSync(snapshot, copy);
      if (existsSync(`${snapshot}-wal`)) copyFileSync(`${snapshot}-wal`, `${copy}-wal`);
      const db = new DatabaseSync(copy);
      // A Durable Object's SQLite hands its pages to the storage layer without waiting on a disk,
      // so the database's thread is timed without fsync.
      db.exec('PRAGMA synchronous = OFF');
      const exec = (s) => {
        const stmt = db.prepare(s.sql);
        const params = s.params.map(bind);
        return /^\s*(SELECT|WITH)\b/i.test(s.sql) && !/\b(INSERT|UPDATE|DELETE)\b/i.test(s.sql) ? stmt.all(...params) : stmt.run(...params);
      };
      for (const [i, entry] of everything.entries()) {
        const t = process.hrtime.bigint();
        try {
          if (entry.method === 'batch') {
            db.exec('BEGIN');
            for (const s of entry.statements) exec(s);
            db.exec('COMMIT');
          } else {
            for (const s of entry.statements) exec(s);
          }
        } catch (e) {
          if (db.isTransaction) db.exec('ROLLBACK');
          if (run === 0) console.error(`[scale] replay: ${entry.statements[0].sql.slice(0, 80)}…: ${e.message}`);
          replayErrors++;
        }
        times[i].push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      db.close();
    }
    const serviceOf = new Map(everything.map((e, i) => [e.i, median(times[i])]));

    // Each traced request as the simulation replays it: its D1 round trips in order, each with the
    // time before it (the edge's own work and its Durable Object calls), its local round trip and
    // its SQLite time; work the edge left running after answering loads the database only.
    const requests = traced.map((t) => {
      const answer = t.entries.find((e) => e.method === 'request' && e.path !== '/dev/storage_calls');
      const d1 = t.entries.filter((e) => e.method !== 'request');
      let cursor = answer.start;
      const phases = [];
      const background = [];
      for (const e of d1) {
        const service = serviceOf.get(e.i) ?? 0;
        const step = { gap: Math.max(0, e.start - cursor), roundTrip: Math.max(e.end - e.start, service), service, statements: e.statements.length };
        if (e.left > answer.left) background.push(step);
        else {
          phases.push(step);
          cursor = e.end;
        }
      }
      const inside = phases.reduce((n, p) => n + p.gap + p.roundTrip, 0);
      return { ...t, phases, background, overhead: Math.max(0, t.latency - inside) };
    });
    const mismatched = requests.filter((r) => r.entries.filter((e) => e.method !== 'request').length !== r.calls.d1).length;

    return { requests, select1, replayErrors, mismatched, roundTrips: everything.length };
  } finally {
    await edge.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
const measured = process.env.SCALE_FROM ? JSON.parse(readFileSync(process.env.SCALE_FROM, 'utf8')) : await measure();
if (process.env.SCALE_KEEP) writeFileSync(process.env.SCALE_KEEP, JSON.stringify(measured));
const { requests, select1, replayErrors, mismatched, roundTrips } = measured;

// -------------------------------------------------------------------------------------------
// 3. The queueing model.
let seed = 0x5eed;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const fnv1a = (text) => {
  let h = 0x811c9dc5;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h;
};
const simMerchants = Array.from({ length: SIM_MERCHANTS }, (_, i) => `mer_sim${String(i).padStart(4, '0')}`);
const popularity = {
  uniform: simMerchants.map(() => 1 / SIM_MERCHANTS),
  zipf: (() => {
    const w = simMerchants.map((_, i) => 1 / (i + 1));
    const total = w.reduce((a, b) => a + b, 0);
    return w.map((x) => x / total);
  })(),
};
const cumulative = Object.fromEntries(Object.entries(popularity).map(([k, p]) => [k, p.map(((s) => (x) => (s += x))(0))]));
const pickMerchant = (kind) => {
  const c = cumulative[kind];
  const x = random();
  let lo = 0;
  let hi = c.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c[mid] < x) lo = mid + 1; else hi = mid;
  }
  return lo;
};
// Per-query cost of each service-time model, ms: SQLite alone, or SQLite plus all of local D1's
// cost of one query (a `SELECT 1` round trip) counted as the database's busy time.
const models = { sqlite: { perQuery: 0, name: 'SQLite alone' }, d1: { perQuery: select1, name: `SQLite + local D1's ${f(select1, 2)} ms per query` } };
const busyOf = (r, model) => [...r.phases, ...r.background].reduce((n, p) => n + p.service + models[model].perQuery, 0);

class Heap {
  constructor() { this.items = []; }
  push(item) {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent].t <= a[i].t) break;
      [a[parent], a[i]] = [a[i], a[parent]];
      i = parent;
    }
  }
  pop() {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l].t < a[m].t) m = l;
        if (r < a.length && a[r].t < a[m].t) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}

/** Offered load `rate` requests/s of the traced mix, `shards` databases, for ARRIVALS requests. */
function simulate({ rate, shards, model, merchants: kind }) {
  seed = 0x5eed; // the same arrivals for every cell, so cells differ by what they vary only
  const perQuery = models[model].perQuery;
  const shardOf = simMerchants.map((m) => fnv1a(m) % shards);
  const busyUntil = new Array(shards).fill(0);
  const busy = new Array(shards).fill(0); // ms of service begun inside the window
  const heap = new Heap();
  // Measured from `warm` to `window` (ms); arrivals go on for half a second more, so the end of
  // the window sees the same load as its middle.
  const window = Math.max((ARRIVALS / rate) * 1000, 1500);
  const warm = window / 5;
  const latencies = { all: [], confirm: [] };
  let completed = 0;
  let arrived = 0;
  for (let t = 0; t < window + 500;) {
    t += (-Math.log(1 - random()) / rate) * 1000;
    if (t >= warm && t <= window) arrived++;
    const request = requests[Math.floor(random() * requests.length)];
    // One event per request is alive at a time, so the same object moves along its phases.
    heap.push({ t: t + request.overhead, db: false, request, shard: shardOf[pickMerchant(kind)], arrival: t, phase: 0, step: null });
  }
  while (heap.items.length) {
    const e = heap.pop();
    if (e.db) {
      const start = Math.max(e.t, busyUntil[e.shard]);
      const service = e.step.service + perQuery;
      busyUntil[e.shard] = start + service;
      if (start >= warm && start <= window) busy[e.shard] += service;
      if (e.request) {
        e.t = start + service + Math.max(0, e.step.roundTrip - service) / 2;
        e.db = false;
        e.phase++;
        heap.push(e);
      }
      continue;
    }
    const { request } = e;
    if (e.phase === request.phases.length) {
      if (e.t >= warm && e.t <= window) completed++;
      if (e.arrival >= warm && e.arrival <= window) {
        latencies.all.push(e.t - e.arrival);
        if (CONFIRMS.has(request.kind)) latencies.confirm.push(e.t - e.arrival);
      }
      for (const step of request.background) heap.push({ t: e.t + step.gap, db: true, request: null, step, shard: e.shard });
      continue;
    }
    const step = request.phases[e.phase];
    e.t += step.gap + Math.max(0, step.roundTrip - step.service - perQuery) / 2;
    e.db = true;
    e.step = step;
    heap.push(e);
  }
  for (const l of Object.values(latencies)) l.sort((a, b) => a - b);
  return {
    throughput: completed / ((window - warm) / 1000),
    kept: completed / arrived,
    utilization: Math.max(...busy) / (window - warm),
    p50: percentile(latencies.all, 50),
    p99: percentile(latencies.all, 99),
    confirmP99: percentile(latencies.confirm, 99),
  };
}

say('simulating');
const capacity = Object.fromEntries(Object.keys(models).map((m) => [m, 1000 / mean(requests.map((r) => busyOf(r, m)))]));
// A load is sustained when the databases keep up (as many requests finish in the window as
// arrive in it, within 3 %; no database busy more than 95 % of the time, or its queue grows
// without bound in a longer run) and the confirm's p99 stays within SLACK ms of light load's.
const SLACK = 200;
const idle = Object.fromEntries(Object.keys(models).map((model) => [model, simulate({ rate: capacity[model] * 0.05, shards: 1, model, merchants: 'uniform' })]));
const sustained = (r, model) => r.kept >= 0.97 && r.utilization <= 0.95 && r.confirmP99 <= idle[model].confirmP99 + SLACK;
const multiples = [0.25, 0.5, 0.9, 1, 1.25, 1.5, 2, 3, 4, 6, 8, 10];
const grids = {};
for (const model of Object.keys(models)) {
  grids[model] = multiples.map((m) => {
    const rate = capacity[model] * m;
    return { rate, cells: Object.fromEntries(SHARDS.map((shards) => {
      const r = simulate({ rate, shards, model, merchants: 'uniform' });
      return [shards, { ...r, sustained: sustained(r, model) }];
    })) };
  });
}
// The highest sustained load, by bisection (each probe a simulation like a cell above).
const saturation = {};
for (const model of Object.keys(models)) {
  for (const merchantsKind of ['uniform', 'zipf']) {
    const key = `${model}/${merchantsKind}`;
    saturation[key] = {};
    for (const shards of SHARDS) {
      let lo = capacity[model] * 0.05;
      let hi = capacity[model] * shards * 1.1;
      for (let i = 0; i < 7; i++) {
        const mid = (lo + hi) / 2;
        if (sustained(simulate({ rate: mid, shards, model, merchants: merchantsKind }), model)) lo = mid; else hi = mid;
      }
      saturation[key][shards] = lo;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Report.
const traced = requests;
const byKind = Object.keys(KINDS).map((kind) => [kind, traced.filter((r) => r.kind === kind)]).filter(([, rs]) => rs.length);
const costRows = byKind.map(([kind, rs]) => {
  const stat = (fn) => f(median(rs.map(fn)), 0);
  return [
    KINDS[kind], rs.length, stat((r) => r.calls.d1), `${stat((r) => r.calls.reads)} / ${stat((r) => r.calls.writes)}`, stat((r) => r.calls.durableObjects),
    `${f(median(rs.map((r) => [...r.phases, ...r.background].reduce((n, p) => n + p.service, 0))), 2)} ms`,
    `${f(median(rs.map((r) => r.phases.reduce((n, p) => n + p.roundTrip, 0))), 0)} ms`,
    `${f(median(rs.map((r) => r.latency)), 0)} ms`,
  ];
});
const table = (header, rows) => [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const mixBusy = (model) => 1000 / capacity[model];
const confirmShare = traced.filter((r) => CONFIRMS.has(r.kind)).length / traced.length;
const gridTable = (model) => table(
  ['offered req/s', ...SHARDS.map((n) => `${n} DB${n > 1 ? 's' : ''}: req/s · confirm p99`)],
  grids[model].map((row) => [f(row.rate, 0), ...SHARDS.map((n) => {
    const c = row.cells[n];
    return `${f(c.throughput, 0)} · ${f(c.confirmP99, 0)} ms${c.sustained ? '' : ' ✗'}`;
  })]),
);
const satRows = SHARDS.map((n) => [
  n,
  ...['sqlite/uniform', 'sqlite/zipf', 'd1/uniform', 'd1/zipf'].map((k) => {
    const x = saturation[k][n];
    return `${f(x, 0)} (${f(x * confirmShare, 0)} confirms + verifies/s, ${f(x / saturation[k][1], 1)}×)`;
  }),
]);
const objectsOf = (kind) => {
  const r = traced.find((x) => x.kind === kind);
  return r ? Object.entries(r.objects).map(([k, n]) => `${k} ${n}`).join(', ') : '';
};
const section = `<!-- scale:results:start -->
_Written by \`node bench/scale.mjs\` on ${new Date().toISOString().slice(0, 10)} (${((Date.now() - started) / 1000).toFixed(0)} s, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}); do not edit between the markers._

### Measured: what each request of the mix costs

${traced.length} requests of the bench's mix (bench/mixed-load.mjs: ${loadSummary(traced)}), one at a time, against local workerd, each of the ${MERCHANTS} merchants holding ${SEED.toLocaleString('en')} seeded payments. D1 round trips, reads and writes (statements) and Durable Object calls are the edge's development counters (\`GET /dev/storage_calls\`); a batch is one round trip. SQLite time is each statement replayed in order on a copy of the database with node:sqlite (median of ${REPLAYS} replays, synchronous off${replayErrors ? `; ${replayErrors} statement errors in the replays` : ', no statement failed'}); local D1 time is the same round trips as the Worker saw them in local workerd (its clock moves in whole milliseconds). Medians per request.${mismatched ? ` In ${mismatched} requests the traced round trips and the counters disagree.` : ' The traced round trips and the counters agree for every request.'}

${table(['request', 'traced', 'D1 round trips', 'reads / writes', 'DO calls', 'SQLite time', 'local D1 time', 'latency (local)'], costRows)}

Durable Object calls, by object and path: trusted confirm: ${objectsOf('confirm')}; stepped-up confirm: ${objectsOf('stepUp')}; verify: ${objectsOf('verify')}.

One D1 database, by these figures, is busy ${f(mixBusy('sqlite'), 3)} ms per request of the mix with SQLite alone, so it serves at most **${f(capacity.sqlite, 0)} requests/s** (${f(capacity.sqlite * confirmShare, 0)} of them confirms or verifies); if all of local D1's per-query cost (${f(select1, 2)} ms per \`SELECT 1\` round trip from the Worker) were the database's busy time as well, ${f(mixBusy('d1'), 2)} ms per request and at most **${f(capacity.d1, 0)} requests/s** (${f(capacity.d1 * confirmShare, 0)} confirms). Production D1 lies between the two: what it spends per query besides SQLite is not published, and runs on the same thread.

### Simulated: offered load against 1, 2, 4 and 8 databases

A queueing model fed by the measurements above, not a replay against real databases (on this machine local workerd runs the Worker, its Durable Objects and every local D1 database on one thread of two cores, so a real replay measures the machine, not D1). Each database is one FIFO server, one statement or batch at a time; each request is one of the ${traced.length} traced requests at random, with its measured time between round trips (the edge's work and Durable Object calls, which do not queue), round trips and service times; ${SIM_MERCHANTS} merchants, each request's merchant hashed (FNV-1a) to a database. Poisson arrivals, at least ${ARRIVALS} per cell and 1.5 s, the first fifth left out. A load is sustained when at least 97 % as many requests finish in the window as arrive in it, no database is busy more than 95 % of the time (its queue would grow without bound in a longer run), and the confirm p99 stays within ${SLACK} ms of its light-load ${f(idle.sqlite.confirmP99, 0)} ms ("✗" where not); latencies include local workerd's own time per request, the same in every column.

Service time = SQLite alone, merchants equally busy:

${gridTable('sqlite')}

Service time = SQLite + local D1's per-query cost, merchants equally busy:

${gridTable('d1')}

Highest sustained load in requests/s of the mix (bisection, 7 steps), with merchants equally busy or Zipf-distributed (the i-th merchant's share proportional to 1/i, so the busiest of ${SIM_MERCHANTS} sends ${f(100 / popularityHead(SIM_MERCHANTS), 0)} % of all traffic):

${table(['databases', 'SQLite alone, uniform', 'SQLite alone, Zipf', 'SQLite + local D1 per query, uniform', 'SQLite + local D1 per query, Zipf'], satRows)}
<!-- scale:results:end -->`;

function popularityHead(n) {
  let h = 0;
  for (let i = 1; i <= n; i++) h += 1 / i;
  return h;
}
function loadSummary(rs) {
  return Object.entries(KINDS).map(([k, name]) => [name, rs.filter((r) => r.kind === k).length]).filter(([, n]) => n).map(([name, n]) => `${n} × ${name}`).join(', ');
}

const scaleDoc = join(repoRoot, 'docs', 'SCALE.md');
const doc = existsSync(scaleDoc) ? readFileSync(scaleDoc, 'utf8') : '';
const marked = /<!-- scale:results:start -->[\s\S]*<!-- scale:results:end -->/;
writeFileSync(scaleDoc, marked.test(doc) ? doc.replace(marked, () => section) : `${doc}\n## Results\n\n${section}\n`);
console.log(section);
say(`wrote docs/SCALE.md in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(0);
