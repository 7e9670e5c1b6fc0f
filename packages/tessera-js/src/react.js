// <CardElement>: the card frame as a React component. It loads the loader with loadTessera,
// mounts the frame into its own <div>, relays the frame's events to the on… props, and unmounts
// the frame when it unmounts or when what the frame was mounted with changes.
import { createElement, useEffect, useRef } from 'react';
import { loadTessera } from './index.js';

const EVENTS = [
  ['ready', 'onReady'],
  ['change', 'onChange'],
  ['complete', 'onComplete'],
  ['error', 'onError'],
];

export function CardElement({ publishableKey, clientSecret, edge, version, integrity, locale, appearance, accounts, title, className, ...handlers }) {
  const host = useRef(null);
  // The latest handlers, read when an event arrives, so new closures need no new frame.
  const latest = useRef(handlers);
  latest.current = handlers;
  const look = JSON.stringify(appearance ?? null);
  useEffect(() => {
    let frame = null;
    let gone = false;
    loadTessera(publishableKey, { edge, version, integrity }).then(
      (tessera) => {
        if (gone || !tessera || !host.current) return;
        frame = tessera.mount(host.current, { clientSecret, locale, appearance: JSON.parse(look), accounts, title });
        for (const [event, prop] of EVENTS) frame.on(event, (detail) => latest.current[prop]?.(detail));
      },
      (error) => {
        if (!gone) latest.current.onError?.({ code: 'network_error', message: error.message });
      },
    );
    return () => {
      gone = true;
      frame?.unmount();
    };
  }, [publishableKey, clientSecret, edge, version, integrity, locale, look, accounts, title]);
  return createElement('div', { ref: host, className });
}
