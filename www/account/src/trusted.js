// Trusted merchants (PSD2, RTS Art. 13): payments to a merchant on this list may skip strong
// customer authentication. The list, each with Remove; the merchants the account paid, each with
// Trust. Adding one needs a passkey sign-in of the last five minutes (the server says
// `reauthentication_required` otherwise): the section offers that sign-in, then adds it.
import { h, replace, srOnly } from '../../dashboard/src/lib/dom.js';
import { errorText, t } from '../../dashboard/src/lib/i18n.js';
import { date, timeElement } from '../../dashboard/src/lib/format.js';
import { dataTable } from '../../dashboard/src/lib/table.js';
import { passkeysSupported } from '../../dashboard/src/lib/passkey.js';
import { announce, button, liveRegion, withBusy } from '../../dashboard/src/lib/form.js';
import { sectionWith } from '../../dashboard/src/lib/section.js';
import { api } from './lib/api.js';
import { signInWithPasskey } from './lib/passkeys.js';

/** The section, for `account` (the one signed in when the page opened). */
export function trustedSection(account) {
  const list = h('div', null, h('p', { class: 'loading' }, t('common.loading')));
  const reauth = h('div');
  const status = liveRegion('status');
  const alert = liveRegion('alert');

  async function done(message) {
    replace(reauth);
    announce(status, message);
    await load();
    heading.focus();
  }

  /** Asks for the passkey sign-in the change needs, then makes it. */
  function askReauth(m) {
    const reauthAlert = liveRegion('alert');
    const again = passkeysSupported()
      ? button(t('trusted.reauth_button'), {
          onclick: () =>
            withBusy(again, reauthAlert, async () => {
              const signed = await signInWithPasskey();
              // The passkey of another account signs that one in: start the page again as it.
              if (signed && signed.id && signed.id !== account.id) {
                location.reload();
                return;
              }
              await api.post('/v1/me/trusted_merchants', { merchant: m.id });
              await done(t('trusted.added', { name: m.name }));
            }),
        })
      : null;
    const text = h('p', { tabindex: '-1' }, h('strong', null, t('trusted.reauth')), ' ', t('trusted.reauth_why', { name: m.name }));
    replace(reauth, h('div', { class: 'banner banner-warn' }, text, again ? h('div', { class: 'actions' }, again) : h('p', null, t('trusted.reauth_unsupported')), reauthAlert));
    text.focus();
  }

  function trust(m, press) {
    return withBusy(press, alert, async () => {
      try {
        await api.post('/v1/me/trusted_merchants', { merchant: m.id });
      } catch (error) {
        if (error.code !== 'reauthentication_required') throw error;
        askReauth(m);
        return;
      }
      await done(t('trusted.added', { name: m.name }));
    });
  }

  function remove(m, press) {
    return withBusy(press, alert, async () => {
      await api.del(`/v1/me/trusted_merchants/${encodeURIComponent(m.id)}`);
      await done(t('trusted.removed', { name: m.name }));
    });
  }

  const action = (text, m, run) => {
    const press = button([text, srOnly(` ${m.name}`)], { kind: 'link', onclick: () => run(m, press) });
    return press;
  };

  async function load() {
    const answer = await api.get('/v1/me/trusted_merchants');
    const trusted = answer.data || [];
    const paid = (answer.paid || []).filter((m) => !trusted.some((x) => x.id === m.id));
    replace(
      list,
      h('h3', null, t('trusted.list_title')),
      dataTable({
        caption: t('trusted.caption'),
        hideCaption: true,
        columns: [
          { label: t('trusted.col_merchant'), rowHeader: true, cell: (m) => m.name },
          { label: t('trusted.col_since'), cell: (m) => timeElement(m.trusted_at, date) },
          { label: t('common.actions'), cell: (m) => action(t('trusted.remove'), m, remove) },
        ],
        rows: trusted,
        empty: t('trusted.none'),
      }),
      h('h3', null, t('trusted.paid_title')),
      dataTable({
        caption: t('trusted.paid_caption'),
        hideCaption: true,
        columns: [
          { label: t('trusted.col_merchant'), rowHeader: true, cell: (m) => m.name },
          { label: t('common.actions'), cell: (m) => action(t('trusted.trust'), m, trust) },
        ],
        rows: paid,
        empty: t('trusted.paid_none'),
      }),
    );
  }
  load().catch((error) => announce(alert, errorText(error)));
  const section = sectionWith({ id: 'trusted' }, t('trusted.title'), h('p', null, t('trusted.intro')), reauth, list, status, alert);
  const heading = section.querySelector('h2');
  heading.setAttribute('tabindex', '-1');
  return section;
}
