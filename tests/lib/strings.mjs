// Compares a language's string table with English's: every key, no extra, the same `{name}`
// placeholders, and for each plural text (`key.one` / `key.other` in English) the forms the
// language's own CLDR rules choose for the counts people see (0–110), per `Intl.PluralRules`.
const PLURAL = /\.(zero|one|two|few|many|other)$/;

const placeholders = (text) => [...String(text).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** The problems of `table` (language `lang`) against `english`, as sentences; [] when none. */
export function problems(lang, table, english) {
  const out = [];
  const rules = new Intl.PluralRules(lang);
  const needed = new Set(['other']);
  for (let n = 0; n <= 110; n += 1) needed.add(rules.select(n));
  // A plural text is one English gives both a `.one` and an `.other` form (`method.other` alone is a label).
  const bases = new Set(Object.keys(english).filter((k) => k.endsWith('.one') && `${k.slice(0, -4)}.other` in english).map((k) => k.slice(0, -4)));
  for (const key of Object.keys(english)) {
    if (PLURAL.test(key) && bases.has(key.replace(PLURAL, ''))) continue;
    if (!(key in table)) out.push(`${lang}: missing ${key}`);
    else if (placeholders(table[key]).join() !== placeholders(english[key]).join()) out.push(`${lang}: ${key} has {${placeholders(table[key])}} where English has {${placeholders(english[key])}}`);
  }
  for (const base of bases) {
    const want = placeholders(english[`${base}.other`]).join();
    for (const form of needed) {
      const text = table[`${base}.${form}`];
      if (text === undefined) out.push(`${lang}: missing ${base}.${form}`);
      else if (![want, placeholders(english[`${base}.one`] ?? '').join()].includes(placeholders(text).join())) out.push(`${lang}: ${base}.${form} has {${placeholders(text)}}`);
    }
  }
  for (const key of Object.keys(table)) {
    const base = key.replace(PLURAL, '');
    if (!(key in english) && !(PLURAL.test(key) && bases.has(base))) out.push(`${lang}: ${key} is not an English key`);
    if (typeof table[key] !== 'string' || !table[key].trim()) out.push(`${lang}: ${key} is empty`);
  }
  return out;
}
