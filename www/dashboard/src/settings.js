// Settings: the business, its verification, branding, members, your passkeys and the language.
import { h } from './lib/dom.js';
import { t } from './lib/i18n.js';
import { businessSection } from './sections/business.js';
import { verificationSection } from './sections/verification.js';
import { brandingSection } from './sections/branding.js';
import { membersSection } from './sections/members.js';
import { passkeysSection } from './sections/passkeys.js';
import { languageSection } from './sections/language.js';
import { enableLiveMode } from './lib/layout.js';
import { run, startPage } from './lib/page.js';

run(async () => {
  const { main, role, session, account } = await startPage({ section: 'settings', title: 'settings.title', needAccount: true });
  const parts = [
    businessSection({ role, account }),
    verificationSection({ role, account, onChanged: (saved) => saved.live_mode_enabled && enableLiveMode() }),
    brandingSection({ role, account }),
    membersSection({ role, session }),
    passkeysSection(),
    languageSection({ role }),
  ];
  main.append(
    h('nav', { class: 'toc', 'aria-label': t('common.on_this_page') }, h('ul', null, parts.map((el) => h('li', null, h('a', { href: `#${el.id}` }, el.querySelector('h2').textContent))))),
    h('div', { class: 'stack-lg' }, parts),
  );
  if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
});
