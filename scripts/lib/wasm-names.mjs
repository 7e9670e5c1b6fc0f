// Short import and export names for the widget's wasm, and the JS glue rewritten to match.
//
// wasm-bindgen names every import `__wbg_<name>_<16 hex digits>` under the module
// "./<name>_bg.js" (about 150 for the widget), some 12 KB that every shopper downloads twice (in
// the wasm and in the glue) and that compress badly. Binaryen's
// --minify-imports-and-exports-and-modules renames them (and the exports) and prints the
// mapping; this applies the mapping to the glue wasm-bindgen wrote for the same file. Every
// name is checked: if the glue's shape ever differs from what is expected, the build fails
// rather than shipping a widget that cannot instantiate.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

const escape = (s) => s.replace(/[$]/g, '\\$');

/** Renames the names in `wasmPath` and rewrites `gluePath` (wasm-bindgen's `--target web` output). */
export function minifyWasmNames(wasmOpt, wasmPath, gluePath) {
  const r = spawnSync(wasmOpt, ['--minify-imports-and-exports-and-modules', wasmPath, '-o', wasmPath], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`wasm-opt could not minify names: ${r.stderr}`);
  const mapping = JSON.parse(r.stdout);
  const modules = new Set(WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(wasmPath))).map((i) => i.module));
  if (modules.size !== 1) throw new Error(`expected one import module after minifying, found ${[...modules].join(', ')}`);
  const [module] = modules;

  let glue = readFileSync(gluePath, 'utf8');
  // wasm-bindgen's own imports come from "./<out name>_bg.js", named after the glue file.
  const glueModule = `./${basename(gluePath, '.js')}_bg.js`;
  // The import object wasm-bindgen returns: its own functions in `import0`, each snippet module
  // as a namespace (`importN`).
  const returned = /return \{\n\s+__proto__: null,\n((?:\s+"[^"]+": import\d+,\n)+)\s+\};/;
  const block = glue.match(returned);
  if (!block) throw new Error('the glue has no import object where expected');
  const namespaces = Object.fromEntries([...block[1].matchAll(/"([^"]+)": (import\d+),/g)].map((m) => [m[1], m[2]]));
  const fromSnippets = [];
  for (const [from, name, short] of mapping.imports) {
    if (from === glueModule) {
      const key = new RegExp(`^(\\s+)${escape(name)}:`, 'm');
      if (!key.test(glue)) throw new Error(`the glue does not define the import ${name}`);
      glue = glue.replace(key, (_, indent) => `${indent}${short}:`);
    } else if (namespaces[from]) {
      fromSnippets.push(`${short}: ${namespaces[from]}.${name}`);
    } else {
      throw new Error(`the glue has no namespace for ${from}`);
    }
  }
  glue = glue.replace(returned, () => `return { __proto__: null, ${JSON.stringify(module)}: { ...${namespaces[glueModule]}, ${fromSnippets.join(', ')} } };`);
  for (const [name, short] of mapping.exports) {
    glue = glue.replace(new RegExp(`wasm\\.${escape(name)}(?![\\w$])`, 'g'), () => `wasm.${short}`);
  }
  for (const [name] of mapping.exports) {
    if (new RegExp(`wasm\\.${escape(name)}(?![\\w$])`).test(glue)) throw new Error(`the glue still uses the export ${name}`);
  }
  writeFileSync(gluePath, glue);
}
