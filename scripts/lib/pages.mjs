// Builds a set of static pages under www/<site> (the dashboard, the account pages) into files
// the edge serves at /<site>/.
//
// Each page is an index.html copied as it is plus one ES module bundled by esbuild; what pages
// share goes into hashed chunks (code splitting), so a visit downloads the common code once.
// One stylesheet, `src/<site>.css`, with whatever it imports. No sourcemaps, minified,
// synchronous: a build takes well under a second.
import { buildSync } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Every index.html under `source` (not under its src/), as paths relative to it. */
function htmlFiles(source, dir = source) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (path !== join(source, 'src')) out.push(...htmlFiles(source, path));
    } else if (name.endsWith('.html')) {
      out.push(relative(source, path));
    }
  }
  return out;
}

/**
 * Writes www/`site` to `outDir` (emptied first): the HTML pages at their paths, and
 * `assets/<page>.js` for each of `pages` (`src/<page>.js`), `assets/chunks/*.js` and
 * `assets/<site>.css`, which the pages load from `/<site>/assets/`. Returns the written files,
 * relative to `outDir`.
 */
export function buildPages({ site, pages, outDir }) {
  const source = join(repoRoot, 'www', site);
  const src = join(source, 'src');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const files = [];
  for (const page of htmlFiles(source)) {
    mkdirSync(dirname(join(outDir, page)), { recursive: true });
    copyFileSync(join(source, page), join(outDir, page));
    files.push(page);
  }
  const result = buildSync({
    entryPoints: [...pages.map((page) => ({ in: join(src, `${page}.js`), out: page })), { in: join(src, `${site}.css`), out: site }],
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
