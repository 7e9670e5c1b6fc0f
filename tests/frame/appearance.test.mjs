// The Appearance API's checks, on their own: what the card frame accepts from the page and what
// it refuses (the browser tests see it applied).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, safeValue } from '../../www/edge/v1/frame/appearance.js';

test('themes, variables and rules become classes, custom properties and declarations', () => {
  const checked = check({
    theme: 'flat',
    variables: { colorPrimary: '#0b7285', borderRadius: '10px', fontSizeBase: '15px' },
    rules: { '.Input': { borderColor: 'rgb(10, 20, 30)', padding: '12px 14px' }, '.Button:hover': { backgroundColor: 'hsl(200, 50%, 30%)' } },
  });
  assert.deepEqual(checked, {
    theme: 'flat',
    variables: [['--tessera-primary', '#0b7285'], ['--tessera-radius', '10px'], ['--tessera-font-size', '15px']],
    rules: [[':root input', 'border-color: rgb(10, 20, 30); padding: 12px 14px'], [':root button:not(.secondary):hover', 'background-color: hsl(200, 50%, 30%)']],
  });
  assert.deepEqual(check(undefined), { theme: 'stripe', variables: [], rules: [] });
  assert.equal(check({ theme: 'night' }).theme, 'night');
});

test('unknown keys, themes, selectors and properties are refused, each named', () => {
  const refused = (appearance) => check(appearance).error;
  assert.match(refused({ colour: 'red' }), /appearance\.colour is not an option/);
  assert.match(refused({ theme: 'neon' }), /theme must be one of stripe, night, flat/);
  assert.match(refused({ variables: { colorPrimray: '#000' } }), /variables\.colorPrimray is not a variable/);
  assert.match(refused({ rules: { '.Input, body': { color: 'red' } } }), /is not a selector the frame has/);
  assert.match(refused({ rules: { '.Input': { backgroundImage: 'none' } } }), /backgroundImage is not a property the frame allows/);
  assert.match(refused({ variables: 'red' }), /variables must be an object/);
  assert.match(refused('night'), /must be an object/);
});

test('values that could load, run or break out of a declaration are refused', () => {
  for (const value of ['url(https://evil.example/x.png)', 'red; background: url(x)', 'red} body {display:none', 'expression(alert(1))',
    'var(--x)', 'image-set("a.png" 1x)', '"quoted"', 'a'.repeat(65), '', '#fff !important', 'attr(data-x)', 'red\\;']) {
    assert.equal(safeValue(value), false, value);
    assert.match(check({ variables: { colorText: value } }).error, /not a value the frame accepts/, value);
  }
  for (const value of ['#0b7285', 'rgba(0, 0, 0, 0.5)', '4px', '1.5rem', 'calc(4px + 2px)', 'transparent', 600, '0 1px 2px rgb(0 0 0 / 20%)']) {
    assert.equal(safeValue(value), true, String(value));
  }
});
