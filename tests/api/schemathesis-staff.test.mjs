// Schemathesis as the operator and as a signed-in dashboard owner (see schemathesis.test.mjs).
import { test } from 'node:test';
import { signUp } from '../lib/dashboard.mjs';
import { bootEdge } from '../lib/edge-fixture.mjs';
import { fuzz, secondsOf } from '../lib/schemathesis.mjs';

test('schemathesis as the operator (ADMIN_TOKEN): merchants, the policy, reviews, deletion requests, risk rules', { timeout: (secondsOf(0.2) + 120) * 1000 }, async () => {
  const edge = await bootEdge();
  try {
    await fuzz(edge, { name: 'operator', auth: { operatorToken: edge.secrets.ADMIN_TOKEN }, only: ['--include-tag-regex', '^(Operator|Risk)$'], seconds: secondsOf(0.2) });
  } finally {
    await edge.stop();
  }
});

test('schemathesis as a signed-in dashboard owner (cookie, Origin, CSRF token): the dashboard, the business account, members', { timeout: (secondsOf(0.4) + 120) * 1000 }, async () => {
  const edge = await bootEdge();
  try {
    const { owner } = await signUp(edge.url, 'owner@fuzzed-books.example');
    await fuzz(edge, {
      name: 'dashboard',
      auth: { dashboardSession: owner.cookie.split(/=(.*)/s)[1], csrfToken: owner.csrf },
      headers: { Origin: edge.url },
      only: ['--include-tag-regex', '^(Dashboard|Business account|Members)$'],
      // Signing out would end the session the rest of the run needs.
      skip: ['--exclude-operation-id', 'signOutDashboard'],
      seconds: secondsOf(0.4),
    });
  } finally {
    await edge.stop();
  }
});
