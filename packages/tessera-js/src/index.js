// `loadTessera(publishableKey, { edge, version })`: puts Tessera's loader on the page from its
// versioned, immutable URL with its Subresource Integrity hash, once however often it is called,
// and resolves to the Tessera instance for the key. Nothing runs at import time, so the module is
// safe to import during server-side rendering (it resolves to null there).
import { LATEST, VERSIONS } from './versions.js';

const loading = new Map();

/** The edge's origin, if `edge` is an https URL (or http on this machine, for development). */
function originOf(edge) {
  let url;
  try {
    url = new URL(edge);
  } catch {
    return null;
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  return url.protocol === 'https:' || (url.protocol === 'http:' && local) ? url.origin : null;
}

function inject(src, integrity) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.integrity = integrity;
    script.crossOrigin = 'anonymous';
    script.async = true;
    script.addEventListener('load', () => (typeof window.Tessera === 'function' ? resolve(window.Tessera) : reject(new Error('Tessera: the loader ran but did not define Tessera'))));
    script.addEventListener('error', () => {
      loading.delete(src);
      script.remove();
      reject(new Error(`Tessera: ${src} did not load, or its bytes did not match its integrity hash`));
    });
    document.head.appendChild(script);
  });
}

/**
 * Loads the Tessera loader of `version` (default: the newest this package knows) from `edge` and
 * resolves to `Tessera(publishableKey)`. `integrity` overrides the hash for a version this
 * package does not list yet (take it from the edge's signed /v1/manifest.json).
 */
export function loadTessera(publishableKey, { edge, version = LATEST, integrity } = {}) {
  if (typeof window === 'undefined' || typeof document === 'undefined') return Promise.resolve(null);
  const origin = originOf(edge);
  if (!origin) return Promise.reject(new Error('Tessera: loadTessera needs { edge: "https://…" }, the origin of your Tessera edge'));
  const hash = integrity || VERSIONS[version];
  if (!/^sha384-[A-Za-z0-9+/]{64}$/.test(hash || '')) return Promise.reject(new Error(`Tessera: no integrity hash known for version ${version}; pass { integrity } from the edge's manifest`));
  const src = `${origin}/v1/${encodeURIComponent(version)}/tessera.js`;
  if (!loading.has(src)) loading.set(src, inject(src, hash));
  return loading.get(src).then((Tessera) => Tessera(publishableKey));
}

/** The versions this package can load with a known integrity hash, newest first. */
export const versions = Object.keys(VERSIONS);
