// Verification: the steps in order (email, phone, home address, identity), each showing where it
// stands. The one to work on has its form; reached ones can be redone (a new number, a move);
// later ones wait for the one before. Leaving and coming back finds every step where it was.
import { h, replace } from '../../dashboard/src/lib/dom.js';
import { t } from '../../dashboard/src/lib/i18n.js';
import { announce, liveRegion } from '../../dashboard/src/lib/form.js';
import { LEVELS, standing, standingBadge } from './lib/levels.js';
import { phoneStep } from './verify/phone.js';
import { addressStep } from './verify/address.js';
import { identityStep } from './verify/identity.js';
import { run, startPage } from './lib/page.js';

const STEPS = { phone: phoneStep, address: addressStep, identity: identityStep };

function emailStep(account) {
  return h('p', null, t('verify.email_done', { email: account.email }));
}

run(async () => {
  const { account, main } = await startPage({ section: 'verify', title: 'verify.title' });
  // Good news in a green box; a refusal is said plainly, since the step itself shows it in red.
  const status = liveRegion('status');
  const plain = liveRegion('status', true);
  const steps = h('ol', { class: 'steps' });
  main.append(h('p', { class: 'lead' }, t('verify.intro')), status, plain, steps);

  /** A step changed the account: say so, redraw every step, and move to the one to do next. */
  function saved(next, message, level, { bad = false } = {}) {
    announce(bad ? plain : status, message);
    (bad ? status : plain).replaceChildren();
    render(next, next.next_level || level);
  }

  function render(current, focusLevel) {
    replace(
      steps,
      LEVELS.map((level) => {
        const state = standing(current, level);
        const headingId = `${level}-heading`;
        const body = level === 'email' ? emailStep(current) : STEPS[level](current, { state, saved: (next, message, options) => saved(next, message, level, options) });
        return h(
          'li',
          { class: `step state-${state}`, id: level },
          h(
            'section',
            { class: 'card', 'aria-labelledby': headingId },
            h('div', { class: 'checklist-head' }, h('h2', { id: headingId, tabindex: '-1' }, t(`level.${level}`)), standingBadge(state)),
            h('p', { class: 'hint' }, t('overview.unlocks', { what: t(`level.${level}.unlocks`) })),
            body,
          ),
        );
      }),
    );
    if (focusLevel) document.getElementById(`${focusLevel}-heading`)?.focus();
  }

  render(account, null);
  const wanted = location.hash.slice(1);
  if (LEVELS.includes(wanted)) document.getElementById(wanted)?.scrollIntoView();
});
