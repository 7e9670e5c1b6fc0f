// Writes the npm package's `src/versions.js` (each loader version the package can load, with the
// SRI hash of its bytes) and `src/errors.d.ts` (every error code the edge can send, from the
// OpenAPI document), so the package never names a hash or a code by hand. Run it after changing
// the loader or the codes (`npm run release` does); the package's tests fail while they are stale.
//
// `node scripts/package-versions.mjs --check` only compares, exiting 1 when a file is stale.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { currentVersion, RELEASES } from './lib/manifest.mjs';
import { repoRoot } from './lib/tools.mjs';

const PACKAGE = join(repoRoot, 'packages', 'tessera-js', 'src');
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

/** `{ version: integrity }` for the current loader and every kept release, newest first. */
export function loaderVersions() {
  const current = currentVersion();
  const out = { [current]: sri(readFileSync(join(repoRoot, 'www', 'edge', 'v1', 'tessera.js'))) };
  const kept = existsSync(RELEASES) ? readdirSync(RELEASES).filter((v) => v !== current && existsSync(join(RELEASES, v, 'tessera.js'))) : [];
  kept.sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
  for (const v of kept) out[v] = sri(readFileSync(join(RELEASES, v, 'tessera.js')));
  return { latest: current, versions: out };
}

/** The error codes of the OpenAPI document's ErrorCode schema, in its order. */
export function errorCodes() {
  const openapi = JSON.parse(readFileSync(join(repoRoot, 'edge', 'openapi.json'), 'utf8'));
  return openapi.components.schemas.ErrorCode.enum;
}

export function versionsSource() {
  const { latest, versions } = loaderVersions();
  const rows = Object.entries(versions).map(([v, hash]) => `  '${v}': '${hash}',`).join('\n');
  return `// Written by scripts/package-versions.mjs from the loader's bytes: do not edit.\n/** The newest loader version this package knows. */\nexport const LATEST = '${latest}';\n/** Each loader version's Subresource Integrity hash. */\nexport const VERSIONS = {\n${rows}\n};\n`;
}

export function errorsSource() {
  const union = errorCodes().map((c) => `  | '${c}'`).join('\n');
  return `// Written by scripts/package-versions.mjs from edge/openapi.json: do not edit.\n/** Every error code Tessera's edge and frame can report; README lists what each means. */\nexport type ErrorCode =\n${union};\n`;
}

const targets = () => [
  [join(PACKAGE, 'versions.js'), versionsSource()],
  [join(PACKAGE, 'errors.d.ts'), errorsSource()],
];

/** Writes the generated files; returns the paths that changed. */
export function writePackageVersions() {
  const changed = [];
  for (const [path, text] of targets()) {
    if (existsSync(path) && readFileSync(path, 'utf8') === text) continue;
    writeFileSync(path, text);
    changed.push(path);
  }
  return changed;
}

/** The generated files that differ from what is on disk. */
export function stalePackageFiles() {
  return targets().filter(([path, text]) => !existsSync(path) || readFileSync(path, 'utf8') !== text).map(([path]) => path);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const stale = stalePackageFiles();
    for (const path of stale) console.error(`stale: ${path} (run node scripts/package-versions.mjs)`);
    process.exit(stale.length ? 1 : 0);
  }
  for (const path of writePackageVersions()) console.log(`wrote ${path}`);
}
