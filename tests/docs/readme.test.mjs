// The README is a newcomer's first stop: its script tag must carry the loader's real SRI hash,
// its test-card table must match the sandbox's rules in tessera-core, and its error table must
// list every code of the API with the status the edge answers it with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { integrity } from '../../scripts/build.mjs';
import { repoRoot } from '../../scripts/lib/tools.mjs';
import { startCli } from '../lib/cli.mjs';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');

test("the README's script tag has the loader's current integrity hash", () => {
  const shown = readme.match(/integrity="(sha384-[^"]+)"/)?.[1];
  assert.equal(shown, integrity(join(repoRoot, 'www', 'edge', 'v1', 'tessera.js')));
});

test('the README lists every sandbox test card', async () => {
  const cli = startCli();
  try {
    const { cards } = await cli.ok('test_cards');
    for (const card of cards) assert.ok(readme.includes(`| ${card.number} |`), `${card.number} missing from the README`);
  } finally {
    cli.close();
  }
});

test('the README lists every error code with its status and what the frame does', async () => {
  const cli = startCli();
  try {
    const { codes } = await cli.ok('error_codes');
    assert.ok(codes.length > 50);
    for (const { code, status, ends_payment: ends, retryable } of codes) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${code}\` |`));
      assert.ok(row, `${code} missing from the README`);
      const [, , shownStatus, frame] = row.split('|').map((cell) => cell.trim());
      assert.equal(Number(shownStatus), status, `${code}'s status`);
      assert.equal(frame, ends ? 'final' : retryable ? 'retry' : 'fix, then retry', `${code}: what the frame does`);
    }
  } finally {
    cli.close();
  }
});
