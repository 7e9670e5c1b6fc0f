// Developers: API keys, allowed origins, webhook endpoints, the event log and risk rules, all of
// the current mode. Developers, admins and owners change them; analysts read.
import { h } from './lib/dom.js';
import { t } from './lib/i18n.js';
import { apiKeysSection } from './sections/api-keys.js';
import { originsSection } from './sections/origins.js';
import { webhooksSection } from './sections/webhooks.js';
import { eventsSection } from './sections/events.js';
import { riskRulesSection } from './sections/risk-rules.js';
import { run, startPage } from './lib/page.js';

run(async () => {
  const { main, role, account } = await startPage({ section: 'developers', title: 'developers.title', needAccount: true });
  const parts = [
    ['keys', apiKeysSection({ role })],
    ['origins', originsSection({ role, account })],
    ['webhooks', webhooksSection({ role })],
    ['events', eventsSection({ role })],
    ['risk', riskRulesSection({ role })],
  ];
  for (const [id, el] of parts) el.id = id;
  main.append(
    h('nav', { class: 'toc', 'aria-label': t('common.on_this_page') }, h('ul', null, parts.map(([id, el]) => h('li', null, h('a', { href: `#${id}` }, el.querySelector('h2').textContent))))),
    h('div', { class: 'stack-lg' }, parts.map(([, el]) => el)),
  );
});
