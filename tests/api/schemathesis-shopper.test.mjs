// Schemathesis as a signed-in shopper in the personal account (see schemathesis.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shopperBrowser } from '../lib/shopper.mjs';
import { bootEdge } from '../lib/edge-fixture.mjs';
import { fuzz, secondsOf } from '../lib/schemathesis.mjs';

test('schemathesis as a signed-in shopper (account cookies, Origin, CSRF token): the personal account', { timeout: (secondsOf(0.4) + 120) * 1000 }, async () => {
  const edge = await bootEdge();
  try {
    const browser = shopperBrowser(edge.url);
    const signedIn = await browser.signIn('shopper@fuzzed.example');
    assert.equal(signedIn.status, 200, signedIn.text);
    await fuzz(edge, {
      name: 'account',
      auth: { accountSession: /__Host-tessera_account=([^;]+)/.exec(browser.jar)[1], csrfToken: browser.csrf },
      headers: { Origin: edge.url, 'X-Tessera-Dev-Country': 'GB' },
      only: ['--include-tag-regex', '^Personal account$'],
      // Signing out or deleting the account would end the session the rest of the run needs.
      skip: ['--exclude-operation-id-regex', '^(signOutAccount|signOutAccountEverywhere|deleteAccount)$'],
      seconds: secondsOf(0.4),
    });
  } finally {
    await edge.stop();
  }
});
