// Accessibility checks with axe-core on a page as a person sees it now (the card frame and
// every other frame included): WCAG 2.2 A and AA and axe's best practices, no violation allowed.
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** Fails with every violation axe finds on `page`, named `state` in the message. */
export async function audit(page, state) {
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const found = result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(found, [], `axe on "${state}"`);
  return result.passes.length;
}
