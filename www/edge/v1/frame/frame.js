// The card frame's only script of its own: give the page the frame's height at once (the edge
// rendered the form, so its size is known before the widget runs: nothing jumps when it starts),
// apply the page's appearance when it arrives, then load the widget and start it. Messages go
// only to the origin the page was loaded for (the browser drops them if the parent is anything
// else) and are heard only from it.
import { apply, check } from './appearance.js';
import init, { start } from './tessera_widget.js';

// The origin the edge let embed this page (it is in the frame-ancestors of its CSP too).
const parentOrigin = document.body.dataset.origin;
const tell = (type, detail) => {
  try {
    window.parent.postMessage({ type: `tessera:${type}`, detail }, parentOrigin);
  } catch {
    // Not an origin: the widget's own messages say what is wrong.
  }
};

if (parentOrigin && window.parent !== window) {
  tell('resize', { height: document.documentElement.scrollHeight });
  window.addEventListener('message', function onInit(event) {
    if (event.source !== window.parent || event.origin !== parentOrigin || event.data?.type !== 'tessera:init') return;
    window.removeEventListener('message', onInit);
    const checked = check(event.data.appearance);
    if (checked.error) tell('error', { code: 'invalid_appearance', message: checked.error });
    else apply(document, checked);
  });
}

// The start's steps, in the browser's timeline (the widget marks the device key and the
// fingerprint): what ready waits for is read from there, not guessed.
performance.mark('tessera:scripts');
await init();
performance.mark('tessera:instantiated');
start();
performance.mark('tessera:started');
