// Applies schema.json (a snapshot exported by Directus) to a running Directus through
// POST /schema/diff + POST /schema/apply, then diffs again and fails unless Directus answers 204 ("no changes").
//
//   DIRECTUS_URL=... DIRECTUS_TOKEN=<admin token> node apply-schema.mjs [path/to/schema.json]
//
// Directus applies a diff additively-and-destructively (it mirrors the snapshot for the collections it contains),
// so only point this at a Directus meant to hold the CreatorProfiles schema.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { connectAsAdmin, log } from './lib/api.mjs';

export const defaultSchemaPath = fileURLToPath(new URL('./schema.json', import.meta.url));

/** Returns true when changes were applied, false when the target already matched. */
export async function applySchema(api, snapshot) {
  const diff = await api('POST', '/schema/diff', snapshot); // null = 204 = nothing to do
  if (!diff) return false;
  const d = diff.data.diff;
  log(`applying: ${d.collections.length} collection, ${d.fields.length} field, ${d.relations.length} relation change(s)`);
  await api('POST', '/schema/apply', diff.data);
  const again = await api('POST', '/schema/diff', snapshot);
  if (again) {
    const left = again.data.diff;
    const names = [...left.collections, ...left.fields, ...left.relations].map((x) => [x.collection, x.field].filter(Boolean).join('.'));
    throw new Error(`schema still differs after apply: ${[...new Set(names)].join(', ')}`);
  }
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const path = process.argv[2] ?? defaultSchemaPath;
  const api = await connectAsAdmin();
  const changed = await applySchema(api, JSON.parse(readFileSync(path, 'utf8')));
  log(changed ? `applied ${path}; a second diff answers 204` : `already up to date (diff answered 204)`);
}
