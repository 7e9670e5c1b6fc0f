// The claim page, linked from every receipt (`/claim/#t=…`, www/edge/claim/index.html): the
// payment (whom, how much, when) and either the claim already made on it, with its deadline and
// the merchant's answer, or a form to report it as not made by the person reading. No sign-in:
// the link's token is read from the fragment and taken out of the address at once, and goes
// nowhere but the bodies of `POST /v1/claims/lookup` and `POST /v1/claims`.
import { h, replace, uid } from '../../dashboard/src/lib/dom.js';
import { errorText, t } from '../../dashboard/src/lib/i18n.js';
import { dateTime, money, timeElement } from '../../dashboard/src/lib/format.js';
import { descriptionList } from '../../dashboard/src/lib/table.js';
import { badge } from '../../dashboard/src/lib/badge.js';
import { announce, button, field, liveRegion, onSubmit, validate } from '../../dashboard/src/lib/form.js';
import { claimTextProblem } from '../../dashboard/src/lib/claim-text.js';
import { api } from './lib/api.js';
import { loading, retitle, run, startPublicPage } from './lib/page.js';

/** The token from `#t=…`, and the address bar (and history) without it. */
function takeToken() {
  const match = /^#t=([^&]*)/.exec(location.hash);
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  let token = null;
  try {
    token = match ? decodeURIComponent(match[1]) : null;
  } catch {
    token = null;
  }
  return token && /^[A-Za-z0-9_.~-]{1,1000}$/.test(token) ? token : null;
}

/** A card whose `h2` can take the focus when the card changes. */
function titledCard(title, ...children) {
  const id = uid('card');
  const heading = h('h2', { id, tabindex: '-1' }, title);
  return { element: h('section', { class: 'card stack', 'aria-labelledby': id }, heading, ...children), focus: () => heading.focus() };
}

function paymentCard({ payment, merchant }) {
  return titledCard(
    t('report.payment'),
    descriptionList([
      [t('report.merchant'), merchant.name],
      [t('report.amount'), money(payment.amount, payment.currency, payment.exponent)],
      [t('report.date'), timeElement(payment.created_at, dateTime)],
      [t('report.reference'), h('code', null, payment.id)],
    ]),
    merchant.support_email
      ? h('p', { class: 'hint' }, t('report.support', { merchant: merchant.name }), ' ', h('a', { href: `mailto:${merchant.support_email}` }, merchant.support_email))
      : null,
  ).element;
}

/** Where the claim stands, in words: the deadline while it is open, the merchant's answer after. */
function claimCard(c, merchant) {
  const facts = descriptionList([
    [t('report.status'), badge(c.status, 'claim_status')],
    [t('report.reported'), timeElement(c.created_at, dateTime)],
    [t('report.answered'), c.resolved_at ? timeElement(c.resolved_at, dateTime) : null],
  ]);
  let words;
  if (c.status === 'open') {
    words = [h('p', null, h('strong', null, t('report.due', { merchant: merchant.name, due: dateTime(c.due_at) }))), h('p', null, t('report.open_next'))];
  } else if (c.status === 'refunded') {
    words = [h('p', null, t('report.refunded', { merchant: merchant.name }))];
  } else {
    words = [
      h('p', null, t('report.rejected', { merchant: merchant.name })),
      c.explanation ? h('blockquote', { class: 'claim-text' }, c.explanation) : null,
      h('p', null, t('report.rejected_next')),
    ];
  }
  return titledCard(t('report.claim_title'), facts, words);
}

function reportCard(token, merchant, onReported) {
  const description = field({
    label: t('report.description'),
    name: 'description',
    type: 'textarea',
    required: true,
    hint: t('report.description_hint', { merchant: merchant.name }),
    attrs: { maxlength: '2000', rows: 5 },
  });
  const alert = liveRegion('alert');
  const form = h('form', { class: 'stack', novalidate: true }, description.wrap, alert, h('div', { class: 'actions' }, button(t('report.submit'), { type: 'submit' })));
  onSubmit(form, alert, async () => {
    const text = description.control.value.trim();
    validate([[description, claimTextProblem(text)]]);
    await onReported(await api.post('/v1/claims', { token, description: text }, { signedOutRedirect: false }));
  });
  return titledCard(t('report.form_title'), h('p', null, t('report.form_intro', { merchant: merchant.name })), form).element;
}

run(async () => {
  const token = takeToken();
  // A second link opened in the same tab changes only the fragment: read it as a new visit.
  window.addEventListener('hashchange', () => location.reload());
  // The language switch loads the page again: with the token back in the fragment, which it takes out again.
  const reload = () => {
    if (token) history.replaceState(null, '', `${location.pathname}#t=${encodeURIComponent(token)}`);
    location.reload();
  };
  const { main, heading } = await startPublicPage({ title: 'report.title', footer: 'report.footer', reload });
  const status = liveRegion('status');
  const body = h('div', { class: 'stack-lg' }, loading());
  main.append(status, body);
  if (!token) {
    replace(body, h('div', { class: 'card auth-card stack' }, h('p', { role: 'alert' }, t('report.no_token')), h('p', null, t('report.no_token_help'))));
    return;
  }
  let link;
  try {
    link = await api.post('/v1/claims/lookup', { token }, { signedOutRedirect: false });
  } catch (error) {
    if (error.code === 'link_invalid') {
      retitle(heading, 'report.invalid_title');
      replace(body, h('div', { class: 'card auth-card stack' }, h('p', { role: 'alert' }, t('report.invalid')), h('p', null, t('report.invalid_help'))));
    } else {
      replace(body, h('p', { role: 'alert', class: 'notice notice-bad' }, errorText(error)));
    }
    return;
  }
  const { merchant } = link;
  const place = h('div');
  const show = (claim) => {
    const card = claimCard(claim, merchant);
    replace(place, card.element);
    return card;
  };
  if (link.claim) show(link.claim);
  else {
    replace(
      place,
      reportCard(token, merchant, (claim) => {
        const card = show(claim);
        announce(status, t('report.sent', { merchant: merchant.name, due: dateTime(claim.due_at) }));
        card.focus();
      }),
    );
  }
  replace(body, paymentCard(link), place);
});
