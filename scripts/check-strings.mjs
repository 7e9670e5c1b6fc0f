// usage: node scripts/check-strings.mjs <lang> : checks the dashboard and account tables of one language
import { problems } from '../tests/lib/strings.mjs';
const lang = process.argv[2];
let bad = 0;
for (const area of ['dashboard', 'account']) {
  const en = (await import(`../www/${area}/src/lib/strings-en.js`)).default;
  const own = (await import(`../www/${area}/src/lib/strings-${lang}.js`)).default;
  const p = problems(lang, own, en);
  bad += p.length;
  console.log(area, p.length ? p.join('\n') : 'ok');
}
process.exit(bad ? 1 : 0);
