/*! Tessera loader v1. Include with Subresource Integrity; it never sees card data. */
(() => {
  'use strict';
  const script = document.currentScript;
  if (!script || !script.src) throw new Error('Tessera: load tessera.js with a <script src> tag');
  const EDGE = new URL(script.src).origin;
  const EVENTS = ['ready', 'change', 'complete', 'error'];

  function mount(publishableKey, target, options) {
    const host = typeof target === 'string' ? document.querySelector(target) : target;
    if (!host) throw new Error(`Tessera: nothing matches ${target}`);
    if (!options || typeof options.clientSecret !== 'string') throw new Error('Tessera: mount needs { clientSecret }');

    // The frame is a form posted into the iframe (as EMV 3DS posts its challenge request): the
    // client secret travels in the body, never in an address, and the edge answers with the
    // session's summary already in the page, so the Pay button shows its amount at once.
    const fields = { pk: publishableKey, origin: window.location.origin, client_secret: options.clientSecret };
    if (options.locale) fields.locale = options.locale;
    if (options.accounts === true) fields.accounts = 'true';

    const iframe = document.createElement('iframe');
    iframe.name = `tessera-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
    iframe.title = options.title || 'Secure card payment';
    iframe.setAttribute('scrolling', 'no');
    iframe.setAttribute('allow', `publickey-credentials-get ${EDGE}; publickey-credentials-create ${EDGE}`);
    iframe.style.border = '0';
    iframe.style.width = '100%';
    iframe.style.display = 'block';
    iframe.style.overflow = 'hidden';
    iframe.style.height = `${options.initialHeight || 280}px`;

    const handlers = {};
    const emit = (type, detail) => (handlers[type] || []).forEach((fn) => fn(detail));
    function onMessage(event) {
      // Exact origin and the very window we created: nothing else is heard.
      if (event.origin !== EDGE || event.source !== iframe.contentWindow) return;
      const message = event.data;
      if (!message || typeof message.type !== 'string' || !message.type.startsWith('tessera:')) return;
      const type = message.type.slice('tessera:'.length);
      if (type === 'loaded') {
        iframe.contentWindow.postMessage(
          { type: 'tessera:init', appearance: options.appearance || null },
          EDGE,
        );
      } else if (type === 'resize') {
        const height = Number(message.detail && message.detail.height);
        if (height > 0 && height < 5000) iframe.style.height = `${Math.ceil(height)}px`;
      } else if (EVENTS.includes(type)) {
        emit(type, message.detail || {});
      }
    }
    window.addEventListener('message', onMessage);
    host.appendChild(iframe);
    const form = document.createElement('form');
    form.method = 'POST';
    form.action = new URL('/v1/frame', EDGE).href;
    form.target = iframe.name;
    form.hidden = true;
    for (const [name, value] of Object.entries(fields)) {
      const input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      input.value = value;
      form.appendChild(input);
    }
    document.body.appendChild(form);
    form.submit();
    form.remove();

    return {
      on(type, handler) {
        if (!EVENTS.includes(type)) throw new Error(`Tessera: unknown event ${type}`);
        (handlers[type] = handlers[type] || []).push(handler);
        return this;
      },
      unmount() {
        window.removeEventListener('message', onMessage);
        iframe.remove();
        Object.keys(handlers).forEach((k) => delete handlers[k]);
      },
    };
  }

  window.Tessera = function Tessera(publishableKey) {
    if (!/^pk_(test|live)_[a-z2-7]{24}$/.test(publishableKey)) throw new Error('Tessera: a publishable key (pk_test_… or pk_live_…) is required');
    return { mount: (target, options) => mount(publishableKey, target, options) };
  };
})();
