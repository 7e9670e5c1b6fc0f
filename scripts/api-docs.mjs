// Renders docs/API.md, the HTTP API's reference, from the OpenAPI document the edge serves
// (edge/openapi.json), so the two never disagree.
//
//   node scripts/api-docs.mjs           writes docs/API.md
//   node scripts/api-docs.mjs --check   exits 1 when docs/API.md is not what the document renders
//
// The output depends on the document alone: same document, same bytes.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './lib/tools.mjs';

export const documentPath = join(repoRoot, 'edge', 'openapi.json');
export const referencePath = join(repoRoot, 'docs', 'API.md');

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** The object a local `$ref` points at. */
function resolve(doc, value) {
  let v = value;
  const seen = new Set();
  while (v && v.$ref) {
    if (seen.has(v.$ref)) throw new Error(`circular $ref ${v.$ref}`);
    seen.add(v.$ref);
    v = v.$ref.slice(2).split('/').map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~')).reduce((o, k) => o?.[k], doc);
    if (v === undefined) throw new Error(`unresolved $ref ${[...seen].pop()}`);
  }
  return v;
}

const schemaName = (r) => r.replace('#/components/schemas/', '');
const anchor = (text) => text.toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-');
const cell = (text) => String(text ?? '').replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');

/** A short name for a schema's type, linking component schemas. */
function typeOf(schema) {
  if (!schema || Object.keys(schema).length === 0) return 'any';
  if (schema.$ref) {
    const name = schemaName(schema.$ref);
    return `[${name}](#${anchor(name)})`;
  }
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  if (schema.enum) return schema.enum.map((v) => `\`${v === null ? 'null' : v}\``).join(' \\| ');
  if (!schema.type) {
    for (const key of ['anyOf', 'oneOf']) {
      if (schema[key]) return schema[key].map(variant).join(' or ');
    }
    if (schema.allOf) return schema.allOf.map(typeOf).join(' and ');
  }
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  return types.map((t) => (t === 'array' ? `array of ${typeOf(schema.items)}` : t)).join(' \\| ') || 'any';
}

/** One alternative of an `anyOf`/`oneOf`: an inline object is spelled out. */
function variant(schema) {
  if (schema.properties && !schema.$ref) return `{ ${Object.entries(schema.properties).map(([k, v]) => `${k}: ${typeOf(v)}`).join(', ')} }`;
  return typeOf(schema);
}

/** The limits a schema puts on a value, in words. */
function limits(schema) {
  const out = [];
  if (schema.minimum !== undefined && schema.maximum !== undefined) out.push(`${schema.minimum} to ${schema.maximum}`);
  else if (schema.minimum !== undefined) out.push(`at least ${schema.minimum}`);
  else if (schema.maximum !== undefined) out.push(`at most ${schema.maximum}`);
  if (schema.minLength !== undefined || schema.maxLength !== undefined) out.push(`${schema.minLength ?? 0} to ${schema.maxLength ?? '∞'} characters`);
  if (schema.minItems !== undefined || schema.maxItems !== undefined) out.push(`${schema.minItems ?? 0} to ${schema.maxItems ?? '∞'} items`);
  if (schema.format) out.push(schema.format);
  if (schema.default !== undefined) out.push(`default \`${JSON.stringify(schema.default)}\``);
  return out.join('; ');
}

/** The description of a field: its own, else its referenced schema's. */
function describe(doc, schema) {
  if (schema.description) return schema.description;
  if (schema.$ref) return resolve(doc, schema).description ?? '';
  const inner = (schema.anyOf ?? schema.oneOf ?? []).find((s) => s.description || s.$ref);
  return inner ? describe(doc, inner) : '';
}

/** The inline object a property holds (itself, its array's items, or its non-null alternative). */
function inlineObject(schema) {
  if (!schema || schema.$ref) return null;
  if (schema.properties) return schema;
  const inner = (schema.anyOf ?? schema.oneOf ?? []).filter((s) => s.type !== 'null');
  if (inner.length === 1) return inlineObject(inner[0]);
  return null;
}

/** Rows for the properties of `s`, inline objects' members under dotted names. */
function rows(doc, s, prefix) {
  const out = [];
  const required = new Set(s.required ?? []);
  for (const [name, prop] of Object.entries(s.properties)) {
    const limit = limits(prop);
    const more = [describe(doc, prop), limit && `(${limit})`].filter(Boolean).join(' ');
    out.push(`| \`${prefix}${name}\` | ${cell(typeOf(prop))} | ${required.has(name) ? 'yes' : ''} | ${cell(more)} |`);
    const array = prop.type === 'array' || (Array.isArray(prop.type) && prop.type.includes('array'));
    const nested = inlineObject(array ? prop.items : prop);
    if (nested) out.push(...rows(doc, nested, `${prefix}${name}${array ? '[]' : ''}.`));
  }
  return out;
}

/** The object's properties as a Markdown table, or nothing for a schema that is not one. */
function fields(doc, schema) {
  const s = resolve(doc, schema);
  if (!s.properties) return [];
  const out = ['| field | type | required | description |', '| --- | --- | --- | --- |', ...rows(doc, s, '')];
  if (s.additionalProperties === false) out.push('', 'Other fields are refused.');
  return out;
}

function security(doc, requirements) {
  if (!requirements || requirements.length === 0) return 'none';
  return requirements
    .map((r) => {
      const names = Object.keys(r);
      return names.length === 0 ? 'none' : names.map((n) => `[${n}](#${anchor(n)})`).join(' + ');
    })
    .join(', or ');
}

function contentTypes(content) {
  return Object.entries(content ?? {}).map(([type, media]) => `\`${type}\`${media.schema ? ` ${typeOf(media.schema)}` : ''}`).join(', ');
}

function operation(doc, method, path, op) {
  const out = [`### \`${method.toUpperCase()} ${path}\``, '', `**${op.summary}** (\`${op.operationId}\`)`, ''];
  if (op.description) out.push(op.description, '');
  out.push(`Auth: ${security(doc, op.security ?? doc.security)}`, '');
  const params = (op.parameters ?? []).map((p) => resolve(doc, p));
  if (params.length) {
    out.push('| parameter | in | type | required | description |', '| --- | --- | --- | --- | --- |');
    for (const p of params) {
      const limit = limits(p.schema ?? {});
      const more = [p.description, limit && `(${limit})`].filter(Boolean).join(' ');
      out.push(`| \`${p.name}\` | ${p.in} | ${cell(typeOf(p.schema))} | ${p.required ? 'yes' : ''} | ${cell(more)} |`);
    }
    out.push('');
  }
  if (op.requestBody) {
    const body = resolve(doc, op.requestBody);
    const [type, media] = Object.entries(body.content)[0];
    out.push(`Body (\`${type}\`${body.required ? '' : ', optional'}): ${typeOf(media.schema)}`, '');
    const table = fields(doc, media.schema);
    if (table.length) out.push(...table, '');
  }
  out.push('| status | answer |', '| --- | --- |');
  for (const [status, response] of Object.entries(op.responses)) {
    const r = resolve(doc, response);
    const what = [r.description, contentTypes(r.content)].filter(Boolean).join(' ');
    out.push(`| ${status} | ${cell(what)} |`);
  }
  out.push('');
  const codes = op['x-error-codes'] ?? [];
  if (codes.length) {
    const statuses = resolve(doc, { $ref: '#/components/schemas/ErrorCode' })['x-status'] ?? {};
    out.push(`Error codes: ${codes.map((c) => `\`${c}\`${statuses[c] ? ` ${statuses[c]}` : ''}`).join(', ')}`, '');
  }
  return out;
}

/** docs/API.md for the document `doc`. */
export function render(doc) {
  const out = [
    `# ${doc.info.title} ${doc.info.version}`,
    '',
    '<!-- Generated from edge/openapi.json by `node scripts/api-docs.mjs`; edit the document, not this file. tests/docs/openapi.test.mjs fails when they differ. -->',
    '',
    'The HTTP API of the Tessera edge, rendered from its OpenAPI 3.1 document ([edge/openapi.json](../edge/openapi.json), served at `GET /openapi.json`).',
    `Servers: ${doc.servers.map((s) => `\`${s.url}\`${s.description ? ` (${s.description})` : ''}`).join(', ')}.`,
    '',
  ];
  const ops = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) if (item[method]) ops.push({ method, path, op: item[method] });
  }
  const tags = doc.tags.map((t) => t.name);
  for (const { op } of ops) for (const t of op.tags ?? []) if (!tags.includes(t)) tags.push(t);
  out.push('## Contents', '', '- [Authentication](#authentication)', '- [Errors](#errors)');
  for (const t of tags) out.push(`- [${t}](#${anchor(t)}) (${ops.filter((o) => o.op.tags?.[0] === t).length})`);
  out.push('- [Schemas](#schemas)', '', `${ops.length} operations.`, '');

  out.push('## Authentication', '', '| scheme | kind | description |', '| --- | --- | --- |');
  for (const [name, s] of Object.entries(doc.components.securitySchemes)) {
    const kind = s.type === 'http' ? `\`Authorization: ${s.scheme[0].toUpperCase()}${s.scheme.slice(1)}\`` : `${s.in} \`${s.name}\``;
    out.push(`| <a id="${anchor(name)}"></a>\`${name}\` | ${kind} | ${cell(s.description)} |`);
  }
  out.push('');

  const error = doc.components.schemas.ErrorCode;
  out.push('## Errors', '', resolve(doc, { $ref: '#/components/schemas/Error' }).description ?? '', '', ...fields(doc, doc.components.schemas.Error.properties.error), '');
  out.push('| code | status |', '| --- | --- |');
  for (const code of error.enum) out.push(`| \`${code}\` | ${error['x-status']?.[code] ?? ''} |`);
  out.push('');

  for (const tag of tags) {
    const t = doc.tags.find((x) => x.name === tag);
    out.push(`## ${tag}`, '');
    if (t?.description) out.push(t.description, '');
    for (const { method, path, op } of ops.filter((o) => o.op.tags?.[0] === tag)) out.push(...operation(doc, method, path, op));
  }

  out.push('## Schemas', '');
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    out.push(`### ${name}`, '');
    if (schema.description) out.push(schema.description, '');
    const table = fields(doc, schema);
    if (table.length) out.push(...table, '');
    else if (!schema.description || schema.enum || schema.allOf || schema.anyOf || schema.oneOf || schema.type) out.push(`${typeOf({ ...schema, description: undefined })}${limits(schema) ? ` (${limits(schema)})` : ''}`, '');
    for (const part of schema.allOf ?? []) {
      if (!part.$ref && part.properties) out.push('Besides:', '', ...fields(doc, part), '');
    }
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/** The reference the committed document renders. */
export function expected() {
  return render(JSON.parse(readFileSync(documentPath, 'utf8')));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const text = expected();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(referencePath, 'utf8');
    } catch {
      // Missing counts as stale.
    }
    if (current !== text) {
      console.error('docs/API.md is stale: run `node scripts/api-docs.mjs`.');
      process.exit(1);
    }
    console.log('docs/API.md is up to date.');
  } else {
    writeFileSync(referencePath, text);
    console.log(`wrote ${referencePath}`);
  }
}
