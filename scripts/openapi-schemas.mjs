// Writes the JSON Schemas of every type exported by libs/contracts into
// apps/api/src/openapi/contract-schemas.json, keyed by type name, with their references
// pointing into the OpenAPI document's components (`#/components/schemas/<Name>`).
// The API documents its responses with them (docs/architecture.md, "OpenAPI"): the
// contracts stay the one source of truth, and the API needs no TypeScript at run time.
//   node scripts/openapi-schemas.mjs           (npm run openapi:schemas) writes the file
//   node scripts/openapi-schemas.mjs --stdout  prints it (the API's unit test compares)
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';
import { createGenerator } from 'ts-json-schema-generator';

const root = fileURLToPath(new URL('..', import.meta.url));
const OUTPUT = `${root}apps/api/src/openapi/contract-schemas.json`;

const generator = createGenerator({
  path: `${root}libs/contracts/src/lib/*.ts`,
  tsconfig: `${root}libs/contracts/tsconfig.lib.json`,
  type: '*',
  expose: 'export',
  jsDoc: 'extended',
  encodeRefs: false,
  // Functions and constants are not data: the socket maps' handlers are left out.
  functions: 'hide',
  // tsc checks the contracts (lint and build); the generator's own TypeScript only reads them.
  skipTypeCheck: true,
});
const { definitions } = generator.createSchema('*');
// The root of a '*' schema is an empty placeholder, not a type; a map of functions only (the
// socket maps) has nothing left once its functions are hidden.
for (const [name, schema] of Object.entries(definitions))
  if (name === '*' || (schema.not && Object.keys(schema.not).length === 0))
    delete definitions[name];

// A generic's instance (`Page<AuditEntryResponse>`) has no name of its own in the document: it
// is written out where it is used (`type AuditEntryPage = Page<AuditEntryResponse>`).
const PLAIN = /^[A-Za-z][A-Za-z0-9]*$/;
const instances = new Map();
for (const [name, schema] of Object.entries(definitions))
  if (!PLAIN.test(name)) {
    instances.set(name, schema);
    delete definitions[name];
  }
const text = JSON.stringify(definitions, (_key, value) => {
  const target = value?.$ref?.startsWith('#/definitions/')
    ? value.$ref.slice('#/definitions/'.length)
    : null;
  if (target === null) return value;
  if (instances.has(target)) {
    const { $ref: _ref, ...rest } = value;
    return { ...instances.get(target), ...rest };
  }
  return { ...value, $ref: `#/components/schemas/${target}` };
});
const options = (await prettier.resolveConfig(OUTPUT)) ?? {};
const formatted = await prettier.format(text, { ...options, parser: 'json' });

if (process.argv.includes('--stdout')) process.stdout.write(formatted);
else {
  writeFileSync(OUTPUT, formatted);
  console.log(`${Object.keys(definitions).length} contract schemas → ${OUTPUT.slice(root.length)}`);
}
