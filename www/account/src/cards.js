// The account's saved cards: what each is (never its number), and removing one, which deletes
// its number from the vault too.
import { h, replace, srOnly } from '../../dashboard/src/lib/dom.js';
import { errorText, t } from '../../dashboard/src/lib/i18n.js';
import { date, timeElement } from '../../dashboard/src/lib/format.js';
import { dataTable } from '../../dashboard/src/lib/table.js';
import { confirmDialog } from '../../dashboard/src/lib/dialog.js';
import { announce, button, liveRegion } from '../../dashboard/src/lib/form.js';
import { sectionWith } from '../../dashboard/src/lib/section.js';
import { api } from './lib/api.js';

const brandName = (b) => (b ? b.charAt(0).toUpperCase() + b.slice(1) : '');
export const cardText = (c) => t('cards.card', { brand: brandName(c.brand), last4: c.last4, month: String(c.exp_month).padStart(2, '0'), year: c.exp_year });

export function cardsSection() {
  const list = h('div', null, h('p', { class: 'loading' }, t('common.loading')));
  const status = liveRegion('status');
  const alert = liveRegion('alert');
  let section;

  async function remove(card) {
    const done = await confirmDialog({
      title: t('cards.remove_title'),
      body: h('p', null, t('cards.remove_body', { card: cardText(card) })),
      confirmLabel: t('cards.remove'),
      danger: true,
      onConfirm: () => api.del(`/v1/me/cards/${encodeURIComponent(card.id)}`),
    });
    if (done) {
      announce(status, t('cards.removed'));
      await load();
      section.querySelector('h2').focus();
    }
  }

  async function load() {
    const cards = (await api.get('/v1/me/cards')).data || [];
    replace(
      list,
      dataTable({
        caption: t('cards.title'),
        hideCaption: true,
        columns: [
          { label: t('cards.title'), cell: (c) => cardText(c), rowHeader: true },
          { label: t('passkeys.col_created'), cell: (c) => timeElement(c.created_at, date) },
          { label: t('common.actions'), cell: (c) => button([t('cards.remove'), srOnly(` ${cardText(c)}`)], { kind: 'danger-link', onclick: () => remove(c) }) },
        ],
        rows: cards,
        empty: t('cards.none'),
      }),
    );
  }

  load().catch((error) => announce(alert, errorText(error)));
  section = sectionWith({ id: 'cards' }, t('cards.title'), h('p', null, t('cards.intro')), list, status, alert);
  section.querySelector('h2').setAttribute('tabindex', '-1');
  return section;
}
