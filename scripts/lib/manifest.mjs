// Versioned, signed scripts (PCI DSS 6.4.3 and 11.6.1): every asset a merchant's payment page
// loads from Tessera — the loader and the card frame's files — is published again under a URL
// that names its version and never changes (cached for a year), and `/v1/manifest.json` lists
// each of them with its SRI hash, for the current version and those before it, signed as a JWS
// (ES256, flattened JSON serialization, RFC 7515 §7.2.2). `tessera-cli verify-manifest URL`
// checks the signature and every asset's bytes.
//
// Earlier versions stay published: `releases/<version>/` holds the files of each release
// (`npm run release` copies them there), and the build serves them beside the current ones.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, relative } from 'node:path';
import { repoRoot } from './tools.mjs';

/** The development signing key; a deployment signs with its own (`TESSERA_MANIFEST_KEY_FILE`). */
export const DEVELOPMENT_KEY = join(repoRoot, 'scripts', 'keys', 'manifest-development.jwk');
export const RELEASES = join(repoRoot, 'releases');
/** What is versioned, relative to `/v1/`: the loader and the frame's files. */
const PUBLISHED = ['tessera.js', 'frame'];
const YEAR = 365 * 24 * 3600;

/** The workspace's version (Cargo.toml), which the edge also compiles in. */
export function currentVersion() {
  const cargo = readFileSync(join(repoRoot, 'Cargo.toml'), 'utf8');
  const match = /\[workspace\.package\][^[]*?\nversion\s*=\s*"([^"]+)"/.exec(cargo);
  if (!match) throw new Error('Cargo.toml has no [workspace.package] version');
  return match[1];
}

const b64url = (bytes) => Buffer.from(bytes).toString('base64url');
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** Every file under `root/v1/<version>/`, as `{ url, integrity, bytes }`, sorted by URL. */
function assetsOf(root, version) {
  const base = join(root, 'v1', version);
  return files(base)
    .filter((path) => !path.endsWith('.sri'))
    .map((path) => {
      const bytes = readFileSync(path);
      return { url: `/v1/${version}/${relative(base, path).split('\\').join('/')}`, integrity: sri(bytes), bytes: bytes.length };
    })
    .sort((a, b) => a.url.localeCompare(b.url));
}

/** Signs `payload` (an object) with the private JWK `jwk`: a flattened JWS JSON object. */
export async function signManifest(payload, jwk) {
  const { subtle } = globalThis.crypto;
  const key = await subtle.importKey('jwk', { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, d: jwk.d }, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  const header = { alg: 'ES256', typ: 'tessera-manifest+json', kid: await thumbprint(jwk) };
  const protectedHeader = b64url(JSON.stringify(header));
  const body = b64url(JSON.stringify(payload));
  const signature = await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, Buffer.from(`${protectedHeader}.${body}`));
  return { protected: protectedHeader, payload: body, signature: b64url(new Uint8Array(signature)) };
}

/** The RFC 7638 thumbprint of an EC key (its public members only). */
export async function thumbprint(jwk) {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return b64url(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', Buffer.from(canonical))));
}

/** The public half of a JWK, as the README prints it. */
export const publicJwk = (jwk) => ({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y });

/**
 * Publishes the built `root` (build/www) under `/v1/<version>/`, adds the earlier releases,
 * gives them year-long immutable caching and writes the signed `/v1/manifest.json`.
 */
export async function publish(root) {
  const version = currentVersion();
  const target = join(root, 'v1', version);
  mkdirSync(target, { recursive: true });
  for (const name of PUBLISHED) cpSync(join(root, 'v1', name), join(target, name), { recursive: true });
  const previous = existsSync(RELEASES)
    ? readdirSync(RELEASES).filter((v) => v !== version && statSync(join(RELEASES, v)).isDirectory()).sort(compareVersions).reverse()
    : [];
  for (const v of previous) cpSync(join(RELEASES, v), join(root, 'v1', v), { recursive: true });
  const versions = [version, ...previous];
  const headers = versions.map((v) => `/v1/${v}/*\n  Access-Control-Allow-Origin: *\n  Cache-Control: public, max-age=${YEAR}, immutable\n  X-Content-Type-Options: nosniff\n`).join('');
  appendFileSync(join(root, '_headers'), `# Versioned assets never change: a year in every cache.\n${headers}/v1/manifest.json\n  Access-Control-Allow-Origin: *\n  Cache-Control: public, max-age=300\n  X-Content-Type-Options: nosniff\n`);
  const payload = {
    issuer: 'tessera',
    current: version,
    issued_at: Number(process.env.SOURCE_DATE_EPOCH) || Math.floor(Date.now() / 1000),
    versions: versions.map((v) => ({ version: v, assets: assetsOf(root, v) })),
  };
  const keyFile = process.env.TESSERA_MANIFEST_KEY_FILE || DEVELOPMENT_KEY;
  const signed = await signManifest(payload, JSON.parse(readFileSync(keyFile, 'utf8')));
  writeFileSync(join(root, 'v1', 'manifest.json'), `${JSON.stringify(signed, null, 2)}\n`);
  return { version, versions, assets: payload.versions[0].assets };
}

/** Copies the built current version into `releases/<version>/`, so later builds keep serving it. */
export function release(root) {
  const version = currentVersion();
  cpSync(join(root, 'v1', version), join(RELEASES, version), { recursive: true });
  return version;
}

function compareVersions(a, b) {
  const pa = a.split(/[.-]/).map(Number);
  const pb = b.split(/[.-]/).map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) if ((pa[i] || 0) !== (pb[i] || 0)) return (pa[i] || 0) - (pb[i] || 0);
  return 0;
}
