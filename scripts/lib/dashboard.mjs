// Builds the merchant dashboard (www/dashboard) into static files the edge serves at /dashboard/.
//
// Each page is an index.html copied as it is plus one ES module bundled by esbuild; what pages
// share goes into hashed chunks (code splitting), so a visit downloads the common code once.
// One stylesheet holds the dashboard's CSS and uPlot's. No sourcemaps, minified, synchronous:
// the whole build takes well under a second.
import { buildSync } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const dashboardSource = join(repoRoot, 'www', 'dashboard');
const src = join(dashboardSource, 'src');

/** The page modules: `src/<name>.js` for each page (home is the dashboard's index.html). */
export const DASHBOARD_PAGES = [
  'home', 'sign-in', 'sign-up', 'payments', 'payment', 'disputes', 'invoices', 'invoices-new', 'invoice', 'developers', 'settings', 'invite',
];

/** Every index.html under www/dashboard (not under src/), as paths relative to it. */
function htmlFiles(dir = dashboardSource) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (path !== src) out.push(...htmlFiles(path));
    } else if (name.endsWith('.html')) {
      out.push(relative(dashboardSource, path));
    }
  }
  return out;
}

/**
 * Writes the dashboard to `outDir` (emptied first): the HTML pages at their paths, and
 * `assets/<page>.js`, `assets/chunks/*.js` and `assets/dashboard.css`, which the pages load from
 * `/dashboard/assets/`. Returns the written files, relative to `outDir`.
 */
export function buildDashboard({ outDir }) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const files = [];
  for (const page of htmlFiles()) {
    mkdirSync(dirname(join(outDir, page)), { recursive: true });
    copyFileSync(join(dashboardSource, page), join(outDir, page));
    files.push(page);
  }
  const result = buildSync({
    entryPoints: [
      ...DASHBOARD_PAGES.map((page) => ({ in: join(src, `${page}.js`), out: page })),
      { in: join(src, 'dashboard.css'), out: 'dashboard' },
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
