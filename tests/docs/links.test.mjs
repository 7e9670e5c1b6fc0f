// The README and docs/ stand on their own: every link points into this repository (a file that
// exists, an anchor) or at the local edge, never at a page outside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { repoRoot } from '../../scripts/lib/tools.mjs';

const documents = ['README.md', ...readdirSync(join(repoRoot, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const LOCAL = /^https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?(\/|$)/;

/** Link targets outside code: inline links, images, reference definitions and autolinks. */
function targets(markdown) {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [
    ...[...prose.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]),
    ...[...prose.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)].map((m) => m[1]),
    ...[...prose.matchAll(/<((?:https?|ftp|mailto):[^>\s]+)>/g)].map((m) => m[1]),
  ];
}

test('every link in the README and docs/ stays inside the repository or on the local edge', () => {
  const outside = [];
  for (const doc of documents) {
    for (const target of targets(readFileSync(join(repoRoot, doc), 'utf8'))) {
      if (LOCAL.test(target) || target.startsWith('#')) continue;
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) { outside.push(`${doc}: ${target}`); continue; }
      const file = join(dirname(join(repoRoot, doc)), decodeURI(target.split('#')[0]));
      if (relative(repoRoot, file).startsWith('..') || !existsSync(file)) outside.push(`${doc}: ${target} (no such file here)`);
    }
  }
  assert.deepEqual(outside, []);
});

test('the documents a reader is pointed to exist and are linked from the README', () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  for (const doc of ['docs/ARCHITECTURE.md', 'docs/SECURITY.md', 'docs/PAYING_SAFELY.md', 'docs/API.md']) {
    assert.ok(existsSync(join(repoRoot, doc)), doc);
    assert.ok(readme.includes(`](${doc})`), `the README links ${doc}`);
  }
});
