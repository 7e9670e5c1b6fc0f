// The merchant dashboard (www/dashboard), served by the edge at /dashboard/. Its stylesheet holds
// the dashboard's CSS and uPlot's.
import { buildPages } from './pages.mjs';

/** The page modules: `src/<name>.js` for each page (home is the dashboard's index.html). */
export const DASHBOARD_PAGES = [
  'home', 'sign-in', 'sign-up', 'payments', 'payment', 'disputes', 'claims', 'claim', 'invoices', 'invoices-new', 'invoice', 'developers', 'settings', 'invite',
];

/** Writes the dashboard to `outDir`. */
export const buildDashboard = ({ outDir }) => buildPages({ site: 'dashboard', pages: DASHBOARD_PAGES, outDir });
