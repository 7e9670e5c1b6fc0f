// A secret shown once (a secret key, a webhook signing secret). It lives only in this DOM node:
// never in storage, never in the URL, gone when the person says they are done or leaves.
import { h, uid } from './dom.js';
import { t } from './i18n.js';
import { announce, button, liveRegion } from './form.js';

/** Copies `text`, falling back to selecting it when the clipboard is refused. */
async function copy(text, codeEl) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const range = document.createRange();
    range.selectNodeContents(codeEl);
    const selection = getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    return false;
  }
}

/**
 * A labelled value with a Copy button. `once` adds the "you will not see this again" warning and
 * a Done button that removes the whole box (`onDone` then runs).
 */
export function secretBox({ label, value, once = false, copyLabel, onDone }) {
  const id = uid('secret');
  const code = h('code', { id, class: 'secret-value' }, value);
  const status = liveRegion('status');
  const copyButton = button(copyLabel || t('secret.copy'), {
    kind: 'secondary',
    attrs: { 'aria-describedby': id },
    onclick: async () => announce(status, (await copy(value, code)) ? t('secret.copied') : t('secret.selected')),
  });
  const box = h(
    'div',
    { class: once ? 'secret secret-once' : 'secret' },
    h('p', { class: 'secret-label' }, label),
    h('div', { class: 'secret-row' }, code, copyButton),
    once && h('p', { class: 'secret-warning' }, h('strong', null, t('secret.once_title')), ' ', t('secret.once_body')),
    status,
  );
  if (once && onDone) {
    box.append(
      button(t('secret.done'), {
        kind: 'secondary',
        onclick: () => {
          box.remove();
          onDone();
        },
      }),
    );
  }
  return box;
}
