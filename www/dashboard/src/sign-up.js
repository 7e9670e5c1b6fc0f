// Sign up: the email code, then the business details, then the test keys, shown once.
import { api } from './lib/api.js';
import { h, replace } from './lib/dom.js';
import { language, t } from './lib/i18n.js';
import { go, loadSession, peekSession } from './lib/session.js';
import { button } from './lib/form.js';
import { emailCodeFlow } from './lib/email-code.js';
import { businessForm } from './lib/business-form.js';
import { secretBox } from './lib/secret.js';
import { run, startPublicPage } from './lib/page.js';

/** Focuses a step's heading, so a screen reader hears where the person now is. */
function stepHeading(text) {
  const heading = h('h2', { tabindex: '-1' }, text);
  requestAnimationFrame(() => heading.focus());
  return heading;
}

/** The last step: the keys made with the business. The secret key exists only in this page's memory. */
function showKeys(card, keys) {
  history.replaceState(null, '', '/dashboard/sign-up/?step=keys');
  replace(
    card,
    stepHeading(t('signup.keys_title')),
    h('p', null, t('signup.keys_intro')),
    secretBox({ label: t('signup.publishable_key'), value: keys.publishable_key, copyLabel: t('signup.copy_publishable') }),
    secretBox({ label: t('signup.secret_key'), value: keys.secret_key, once: true, copyLabel: t('signup.copy_secret') }),
    h('div', { class: 'actions' }, button(t('signup.go_to_dashboard'), { onclick: () => go('/dashboard/') })),
  );
}

function showBusiness(card, focus) {
  history.replaceState(null, '', '/dashboard/sign-up/?step=business');
  const form = businessForm({
    submitLabel: t('signup.continue'),
    onSave: async (body) => {
      const created = await api.post('/v1/account', { ...body, locale: language() });
      showKeys(card, created.keys);
    },
  });
  replace(card, focus ? stepHeading(t('signup.business_title')) : h('h2', { tabindex: '-1' }, t('signup.business_title')), h('p', null, t('signup.business_intro')), form);
}

run(async () => {
  const { main } = await startPublicPage({ title: 'signup.title' });
  const card = h('div', { class: 'card auth-card wide' });
  main.append(card);
  const step = new URLSearchParams(location.search).get('step');
  if (step === 'business' || step === 'keys') {
    // Keys are never shown again after a reload: the secret is gone, the dashboard has the rest.
    const session = await loadSession({ allowNoBusiness: true });
    if (session.merchant) return go('/dashboard/');
    return showBusiness(card, false);
  }
  const existing = await peekSession();
  if (existing) return existing.merchant ? go('/dashboard/') : showBusiness(card, false);
  emailCodeFlow(card, {
    intro: t('signup.intro'),
    extra: h('p', { class: 'switch-flow' }, t('signup.have_account'), ' ', h('a', { href: '/dashboard/sign-in/' }, t('signup.sign_in'))),
    onSignedIn: (session) => (session.merchant ? go('/dashboard/') : showBusiness(card, true)),
  });
  return undefined;
});
