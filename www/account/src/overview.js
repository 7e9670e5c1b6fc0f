// The overview: the levels reached and the next step, as a checklist with what each unlocks; what
// the account can do now; what it holds; the payments it made, each of which can be reported as
// not made by its holder; and the offer of a passkey while it has none.
import { h, replace, uid } from '../../dashboard/src/lib/dom.js';
import { t } from '../../dashboard/src/lib/i18n.js';
import { date, timeElement } from '../../dashboard/src/lib/format.js';
import { descriptionList } from '../../dashboard/src/lib/table.js';
import { announce, button, liveRegion, withBusy } from '../../dashboard/src/lib/form.js';
import { passkeysSupported } from '../../dashboard/src/lib/passkey.js';
import { sectionWith } from '../../dashboard/src/lib/section.js';
import { LEVELS, capabilityName, limitText, standing, standingBadge } from './lib/levels.js';
import { addPasskey, passkeyName } from './lib/passkeys.js';
import { addressText, documentText } from './lib/profile-text.js';
import { paymentsSection } from './payments.js';
import { run, startPage } from './lib/page.js';

/** The offer to add a passkey, shown while the account has none. */
function passkeyBanner(account) {
  if (account.passkeys !== 0 || !passkeysSupported()) return null;
  const titleId = uid('banner');
  const alert = liveRegion('alert');
  const status = liveRegion('status');
  const banner = h('section', { class: 'banner banner-info', 'aria-labelledby': titleId });
  const add = button(t('passkey.add'), {
    onclick: () =>
      withBusy(add, alert, async () => {
        await addPasskey(passkeyName());
        const done = h('h2', { id: titleId, tabindex: '-1' }, t('passkey.added_title'));
        replace(banner, done, h('p', null, h('a', { href: '/account/security/' }, t('overview.manage_passkeys'))), status);
        announce(status, t('passkey.added'));
        done.focus();
      }),
  });
  replace(banner, h('h2', { id: titleId }, t('passkey.banner_title')), h('p', null, t('passkey.banner_body')), h('div', { class: 'actions' }, add), alert);
  return banner;
}

/** The checklist: each level, where it stands, what it checks and what it unlocks. */
function levelsSection(account) {
  const reached = (account.levels || []).length;
  const items = LEVELS.map((level) => {
    const state = standing(account, level);
    return h(
      'li',
      { class: `checklist-item state-${state}` },
      h('div', { class: 'checklist-head' }, h('h3', null, t(`level.${level}`)), standingBadge(state)),
      h('p', null, t(`level.${level}.checks`)),
      h('p', { class: 'hint' }, t('overview.unlocks', { what: t(`level.${level}.unlocks`) })),
    );
  });
  const nextLevel = account.next_level;
  const action = nextLevel
    ? h('p', null, h('a', { class: 'btn btn-primary', href: `/account/verify/#${nextLevel}` }, t('overview.continue')))
    : h('p', { class: 'notice' }, t('overview.all_done'));
  const nextText = nextLevel ? t('overview.next', { level: t(`level.${nextLevel}`) }) : null;
  return sectionWith(
    { id: 'levels' },
    t('overview.levels'),
    h('p', null, t('overview.reached', { count: reached, total: LEVELS.length }), nextText ? ` ${nextText}` : ''),
    h('ol', { class: 'checklist' }, items),
    action,
  );
}

/** What the account may do now, and what each locked thing needs. */
function capabilitiesSection(account) {
  const rows = [
    [t('capability.account'), t('capability.unlocked')],
    ...(account.capabilities || []).map((c) => [capabilityName(c.name), c.unlocked ? t('capability.unlocked') : t('capability.needs', { level: t(`level.${c.needs}`) })]),
  ];
  return sectionWith(
    { id: 'capabilities' },
    t('overview.capabilities'),
    h(
      'ul',
      { class: 'capabilities' },
      rows.map(([name, state], i) => {
        const unlocked = i === 0 || account.capabilities[i - 1].unlocked;
        return h('li', { class: unlocked ? 'unlocked' : 'locked' }, h('span', { class: 'capability-mark', 'aria-hidden': 'true' }, unlocked ? '✓' : '○'), h('span', null, h('strong', null, name), ' — ', state));
      }),
    ),
    limitText(account) && h('p', { class: 'hint' }, limitText(account)),
  );
}

/** What the account holds. */
function detailsSection(account) {
  const none = t('overview.not_added');
  return sectionWith(
    { id: 'details' },
    t('overview.details'),
    descriptionList([
      [t('overview.email'), account.email],
      [t('overview.phone'), account.phone || none],
      [t('overview.address'), addressText(account.address) || none],
      [t('overview.identity'), account.identity && account.identity.status === 'verified' ? documentText(account.identity.document) : t(`identity.status.${(account.identity && account.identity.status) || 'unverified'}`)],
      [t('overview.passkeys'), t('overview.passkey_count', { count: account.passkeys || 0 })],
      [t('overview.since'), timeElement(account.created_at, date)],
    ]),
  );
}

run(async () => {
  const { account, main } = await startPage({ section: 'overview', title: 'overview.title' });
  main.append(...[passkeyBanner(account), h('div', { class: 'stack-lg' }, levelsSection(account), capabilitiesSection(account), detailsSection(account), paymentsSection())].filter(Boolean));
});
