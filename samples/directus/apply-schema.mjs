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

/**
 * POST /schema/diff. schema.json is exported from SQLite; Directus refuses a snapshot of another database vendor
 * unless forced, and the snapshot's types are vendor-neutral Directus types, so on PostgreSQL it is diffed with force.
 * A snapshot of another Directus version (stack.sh with CREATORPROFILES_DIRECTUS_VERSION) is forced too, without
 * its systemFields (settings of Directus's own fields, some of which another version does not have): the project's
 * collections use nothing version-specific.
 */
async function diffAgainst(api, snapshot) {
  try {
    return await api('POST', '/schema/diff', snapshot);
  } catch (e) {
    if (e.code !== 'INVALID_PAYLOAD' || !/vendor|directus version/.test(e.message)) throw e;
    const otherVersion = /directus version/.test(e.message);
    const diff = await api('POST', '/schema/diff?force=true', otherVersion ? { ...snapshot, systemFields: [] } : snapshot);
    return diff && { ...diff, crossVendor: !otherVersion, otherVersion };
  }
}

// What a database of another vendor reports differently for the same Directus field or relation (PostgreSQL: uuid
// and "character varying" where SQLite has char(36) and varchar, named foreign keys): not a difference the server
// could notice.
const vendorOnly = (change) =>
  (change.path[0] === 'schema' && ['data_type', 'max_length', 'numeric_precision', 'numeric_scale', 'constraint_name'].includes(change.path[1])) ||
  (change.path.length === 1 && change.path[0] === 'type' && [change.lhs, change.rhs].every((t) => t === 'uuid' || t === 'string'));

const unknownSetting = (change) => change.kind === 'N' && change.path?.[0] === 'meta';

/** The differences left after an apply, without the vendor-only ones when the snapshot came from another vendor. */
function remaining(diff) {
  if (!diff) return null;
  const d = diff.data.diff;
  const real = (entries) => (diff.crossVendor ? entries.filter((e) => !(e.diff ?? []).every(vendorOnly)) : entries);
  // Another version may lack collection settings this one exports (12's meta.status, ...): it cannot store them.
  const known = (entries) => (diff.otherVersion ? entries.filter((e) => !(e.diff ?? []).every(unknownSetting)) : entries);
  const left = [...known(d.collections), ...real(d.fields), ...real(d.relations)];
  return left.length ? left : null;
}

/** Returns true when changes were applied, false when the target already matched. */
export async function applySchema(api, snapshot) {
  const diff = await diffAgainst(api, snapshot); // null = 204 = nothing to do
  if (!diff) return false;
  const d = diff.data.diff;
  log(`applying: ${d.collections.length} collection, ${d.fields.length} field, ${d.relations.length} relation change(s)`);
  await api('POST', '/schema/apply', diff.data);
  const left = remaining(await diffAgainst(api, snapshot));
  if (left) {
    const names = left.map((x) => [x.collection, x.field].filter(Boolean).join('.'));
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
