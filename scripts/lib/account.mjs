// The shopper's personal-account pages (www/account), served by the edge at /account/. They reuse
// the dashboard's library modules (www/dashboard/src/lib); esbuild bundles what they import and
// nothing more, and their stylesheet is the dashboard's with the account's own parts.
import { join } from 'node:path';
import { buildPages, repoRoot } from './pages.mjs';

/**
 * The page modules: `src/<name>.js` for each page (the overview is the account's index.html).
 * `claim` is the page of the link in a receipt: its HTML is www/edge/claim/index.html (served at
 * /claim/, copied with the rest of www/edge), its script and style come from here.
 */
export const ACCOUNT_PAGES = ['overview', 'sign-in', 'verify', 'security', 'activity', 'data', 'lock', 'save', 'claim'];

/** Writes the account pages to `outDir`. */
export const buildAccount = ({ outDir }) => buildPages({ site: 'account', pages: ACCOUNT_PAGES, outDir });

// `node scripts/lib/account.mjs` rebuilds only the account pages into build/www/account.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { files } = buildAccount({ outDir: join(repoRoot, 'build', 'www', 'account') });
  console.log(`[account] ${files.length} files`);
}
