// A confirmation step before anything that moves money or cannot be undone, as a native modal
// <dialog>: showModal() makes the rest of the page inert and keeps focus inside, Escape goes back,
// and focus returns to the button that opened it.
import { h, uid } from './dom.js';
import { t } from './i18n.js';
import { button, liveRegion, onSubmit } from './form.js';

/**
 * Asks, then runs `onConfirm` (its errors are shown inside the dialog, which stays open so the
 * person can try again or go back). Resolves with what `onConfirm` returned, or undefined when
 * the person went back.
 */
export function confirmDialog({ title, body, confirmLabel = t('dialog.confirm'), danger = false, onConfirm }) {
  const titleId = uid('dialog-title');
  const bodyId = uid('dialog-body');
  const alert = liveRegion('alert');
  const back = button(t('dialog.back'), { kind: 'secondary', attrs: { autofocus: true } });
  const ok = button(confirmLabel, { kind: danger ? 'danger' : 'primary', type: 'submit' });
  const form = h(
    'form',
    { method: 'dialog', novalidate: true },
    h('h2', { id: titleId }, title),
    h('div', { id: bodyId, class: 'dialog-body' }, body),
    alert,
    h('div', { class: 'actions' }, back, ok),
  );
  const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId, 'aria-describedby': bodyId }, form);
  const opener = document.activeElement;
  document.body.append(dialog);
  dialog.showModal();
  return new Promise((resolve) => {
    let result;
    let busy = false;
    back.addEventListener('click', () => {
      if (!busy) dialog.close();
    });
    // showModal() makes the page inert, but Tab past the last button would leave for the
    // browser's own controls; wrap it round so keyboard focus stays in the dialog.
    dialog.addEventListener('keydown', (event) => {
      if (event.key !== 'Tab') return;
      const focusable = [...dialog.querySelectorAll('button, input, select, textarea, a[href]')].filter((el) => !el.disabled && !el.hidden);
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    });
    dialog.addEventListener('cancel', (event) => {
      if (busy) event.preventDefault();
    });
    onSubmit(form, alert, async () => {
      busy = true;
      try {
        result = onConfirm ? await onConfirm() : true;
      } finally {
        busy = false;
      }
      dialog.close();
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener && opener.isConnected && typeof opener.focus === 'function') opener.focus();
      resolve(result);
    });
  });
}
