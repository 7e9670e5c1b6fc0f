// The edge as build/edge/shim.mjs serves it, with its D1 binding wrapped so that every round
// trip is written down: the statements, their parameters, and when it left and came back (the
// Worker's clock moves only across I/O, so the span is the round trip to local D1). For
// bench/scale.mjs only; never deployed. `GET /__trace?since=n` reads the log from entry n;
// `GET /__trace/select1?n=` times n round trips of `SELECT 1`, local D1's cost per query.
import { WorkerEntrypoint } from 'cloudflare:workers';
import * as rust from '../build/edge/index.js';

const log = [];
let order = 0; // when each round trip left, and each answer went, in one sequence

const param = (v) => {
  if (v instanceof ArrayBuffer) v = new Uint8Array(v);
  if (ArrayBuffer.isView(v)) return { bytes: [...new Uint8Array(v.buffer, v.byteOffset, v.byteLength)] };
  return v;
};

async function timed(method, statements, call) {
  const start = Date.now();
  const left = order++;
  try {
    return await call();
  } finally {
    log.push({ i: log.length, method, left, statements: statements.map((s) => ({ sql: s.sql, params: s.params.map(param) })), start, end: Date.now() });
  }
}

class Statement {
  constructor(inner, sql, params = []) {
    this.inner = inner;
    this.sql = sql;
    this.params = params;
  }
  bind(...values) { return new Statement(this.inner.bind(...values), this.sql, values); }
  first(column) { return timed('first', [this], () => (column === undefined ? this.inner.first() : this.inner.first(column))); }
  run() { return timed('run', [this], () => this.inner.run()); }
  all() { return timed('all', [this], () => this.inner.all()); }
  raw(options) { return timed('raw', [this], () => this.inner.raw(options)); }
}

// worker-rs accepts a binding whose constructor is named D1Database.
class D1Database {
  constructor(inner) { this.inner = inner; }
  prepare(sql) { return new Statement(this.inner.prepare(sql), sql); }
  batch(statements) { return timed('batch', statements, () => this.inner.batch(statements.map((s) => s.inner))); }
  exec(sql) { return timed('exec', [{ sql, params: [] }], () => this.inner.exec(sql)); }
  dump() { return this.inner.dump(); }
  withSession(...args) { return this.inner.withSession(...args); }
}

let traced;
const envOf = (env) => {
  traced ??= new D1Database(env.DB);
  return new Proxy(env, { get: (target, key) => (key === 'DB' ? traced : Reflect.get(target, key)) });
};

export default class TracedEdge extends WorkerEntrypoint {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/__trace') {
      const since = Number(url.searchParams.get('since') ?? 0);
      return Response.json({ length: log.length, entries: log.slice(since) });
    }
    if (url.pathname === '/__trace/select1') {
      const n = Number(url.searchParams.get('n') ?? 100);
      const start = Date.now();
      for (let i = 0; i < n; i++) await this.env.DB.prepare('SELECT 1').first();
      return Response.json({ n, ms: (Date.now() - start) / n });
    }
    const start = Date.now();
    const response = await rust.fetch(request, envOf(this.env), this.ctx);
    // The counters' route is read between requests to see when the edge is done; it runs no D1.
    if (url.pathname !== '/dev/storage_calls') log.push({ i: log.length, method: 'request', path: url.pathname, left: order++, start, end: Date.now(), statements: [] });
    return response;
  }
  scheduled(controller) {
    return rust.scheduled(controller, envOf(this.env), this.ctx);
  }
}
export { ReplayGuard, SessionLock, SandboxProcessor, WebhookDelivery, VelocityCounter, ShopperStrikes } from '../build/edge/index.js';
