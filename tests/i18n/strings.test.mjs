// Every language the dashboard and the account pages offer has every English key, the same
// placeholders and the plural forms its own rules need: a missing word fails here, not in front
// of a merchant or a shopper. (The frame's and the emails' words are checked by core's tests.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LANGUAGES } from '../../www/dashboard/src/lib/i18n.js';
import { problems } from '../lib/strings.mjs';

const others = LANGUAGES.filter((l) => l.code !== 'en').map((l) => l.code);

test('the offered languages are the eleven core ships', () => {
  assert.deepEqual(LANGUAGES.map((l) => l.code), ['en', 'de', 'fr', 'es', 'it', 'nl', 'pl', 'sv', 'ja', 'zh-Hans', 'ar']);
  assert.deepEqual(LANGUAGES.filter((l) => l.rtl).map((l) => l.code), ['ar']);
});

for (const area of ['dashboard', 'account']) {
  for (const lang of others) {
    test(`${area}: ${lang} has every word English has`, async () => {
      const english = (await import(`../../www/${area}/src/lib/strings-en.js`)).default;
      const own = (await import(`../../www/${area}/src/lib/strings-${lang}.js`)).default;
      assert.deepEqual(problems(lang, own, english), []);
      // A table that only copies English is not a translation.
      const long = Object.keys(english).filter((k) => english[k].length > 24 && !/^https?:|\{/.test(english[k]));
      const same = long.filter((k) => own[k] === english[k]);
      assert.ok(same.length < long.length * 0.05, `${lang} repeats English in ${same.length} of ${long.length} long texts: ${same.slice(0, 5).join(', ')}`);
    });
  }
}
