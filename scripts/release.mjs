// `npm run release`: builds, then keeps the built version's published files in
// `releases/<version>/` (to be committed), so every later build still serves them at their
// immutable URLs and lists them in the signed manifest. Bump the workspace version in Cargo.toml
// first; a version already released is refused, since its URLs promised never to change.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build, buildDir } from './build.mjs';
import { currentVersion, release, RELEASES } from './lib/manifest.mjs';
import { writePackageVersions } from './package-versions.mjs';

const version = currentVersion();
if (existsSync(join(RELEASES, version))) {
  console.error(`[release] ${version} is already in releases/: bump the version in Cargo.toml first`);
  process.exit(1);
}
await build();
release(join(buildDir, 'www'));
// The npm package learns the new version's hash, so loadTessera can pin it.
for (const path of writePackageVersions()) console.log(`[release] wrote ${path}`);
console.log(`[release] releases/${version}/ holds what /v1/${version}/ serves; commit it with the package's versions.js`);
