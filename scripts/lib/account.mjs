// Builds the shopper's personal-account pages (www/account) into static files the edge serves at
// /account/, the same way as the dashboard (scripts/lib/dashboard.mjs): each page an index.html
// copied as it is plus one ES module bundled by esbuild, shared code in hashed chunks, one
// stylesheet (the dashboard's with the account's own parts). The pages reuse the dashboard's
// library modules (www/dashboard/src/lib); esbuild bundles what they import and nothing more.
import { buildSync } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const accountSource = join(repoRoot, 'www', 'account');
const src = join(accountSource, 'src');

/** The page modules: `src/<name>.js` for each page (the overview is the account's index.html). */
export const ACCOUNT_PAGES = ['overview', 'sign-in', 'verify', 'security', 'activity', 'data', 'lock', 'save'];

/** Every index.html under www/account (not under src/), as paths relative to it. */
function htmlFiles(dir = accountSource) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (path !== src) out.push(...htmlFiles(path));
    } else if (name.endsWith('.html')) {
      out.push(relative(accountSource, path));
    }
  }
  return out;
}

/**
 * Writes the account pages to `outDir` (emptied first): the HTML pages at their paths, and
 * `assets/<page>.js`, `assets/chunks/*.js` and `assets/account.css`, which the pages load from
 * `/account/assets/`. Returns the written files, relative to `outDir`.
 */
export function buildAccount({ outDir }) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const files = [];
  for (const page of htmlFiles()) {
    mkdirSync(dirname(join(outDir, page)), { recursive: true });
    copyFileSync(join(accountSource, page), join(outDir, page));
    files.push(page);
  }
  const result = buildSync({
    entryPoints: [
      ...ACCOUNT_PAGES.map((page) => ({ in: join(src, `${page}.js`), out: page })),
      { in: join(src, 'account.css'), out: 'account' },
    ],
    outdir: join(outDir, 'assets'),
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    sourcemap: false,
    target: ['es2022', 'chrome109', 'firefox115', 'safari16'],
    absWorkingDir: repoRoot,
    metafile: true,
    logLevel: 'warning',
  });
  files.push(...Object.keys(result.metafile.outputs).map((path) => relative(outDir, join(repoRoot, path))));
  return { outDir, files };
}

// `node scripts/lib/account.mjs` rebuilds only the account pages into build/www/account.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { files } = buildAccount({ outDir: join(repoRoot, 'build', 'www', 'account') });
  console.log(`[account] ${files.length} files`);
}
