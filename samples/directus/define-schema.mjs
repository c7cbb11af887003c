// Provenance of schema.json: creates the five collections of docs/data-model.md, and the workers' claims, on a FRESH Directus through
// its REST API. `stack.sh export-schema` runs this, then saves GET /schema/snapshot as schema.json, so the
// committed file is a snapshot exported by Directus itself (a hand-written one may not re-apply cleanly).
//
// Env: DIRECTUS_URL, and DIRECTUS_TOKEN or ADMIN_EMAIL + ADMIN_PASSWORD (an administrator).
// Notes:
//  - POST /collections needs "meta": without it Directus creates a bare table that snapshots leave out.
//  - Relations are created after all collections exist (POST /relations), with explicit ON DELETE rules.

import { connectAsAdmin, log } from './lib/api.mjs';

const api = await connectAsAdmin();

// ---- field builders -----------------------------------------------------------------------------------------
const half = { width: 'half' };

const id = () => ({
  field: 'id',
  type: 'uuid',
  meta: { hidden: true, readonly: true, interface: 'input', special: ['uuid'] },
  schema: { is_primary_key: true, length: 36, has_auto_increment: false },
});

const string = (field, { nullable = true, def = null, unique = false, choices = null, note = null, readonly = false } = {}) => ({
  field,
  type: 'string',
  meta: {
    ...half,
    note,
    readonly,
    required: !nullable,
    interface: choices ? 'select-dropdown' : 'input',
    options: choices ? { choices: choices.map((c) => ({ text: c, value: c })), allowOther: true } : null,
    display: choices ? 'labels' : null,
  },
  schema: { is_nullable: nullable, default_value: def, is_unique: unique, max_length: 255 },
});

const text = (field, note = null) => ({
  field,
  type: 'text',
  meta: { interface: 'input-multiline', note },
  schema: { is_nullable: true },
});

const timestamp = (field, note = null) => ({
  field,
  type: 'timestamp',
  meta: { ...half, interface: 'datetime', display: 'datetime', note },
  schema: { is_nullable: true },
});

// date-created / date-updated: Directus fills these itself on create / update.
const autoTimestamp = (field, special) => ({
  field,
  type: 'timestamp',
  meta: { ...half, special: [special], interface: 'datetime', readonly: true, display: 'datetime', display_options: { relative: true } },
  schema: { is_nullable: true },
});

const json = (field, note) => ({
  field,
  type: 'json',
  meta: { interface: 'input-code', options: { language: 'JSON' }, note },
  schema: { is_nullable: true },
});

const boolean = (field, def) => ({
  field,
  type: 'boolean',
  meta: { ...half, interface: 'boolean', display: 'boolean', special: ['cast-boolean'], required: true },
  schema: { is_nullable: false, default_value: def },
});

const m2o = (field, note) => ({
  field,
  type: 'uuid',
  meta: { ...half, interface: 'select-dropdown-m2o', special: ['m2o'], note },
  schema: { is_nullable: true },
});

// ---- collections ----------------------------------------------------------------------------------------------
const collections = [
  {
    collection: 'creator_profiles',
    meta: {
      icon: 'person',
      note: 'A creator account on a platform (onlyfans, fansly, ...) that the media worker scrapes.',
      display_template: '{{platform}}:{{username}}',
      accountability: 'all',
    },
    fields: [
      id(),
      m2o('user_id', 'Owner (Directus user). CreatorProfiles.Mcp enforces ownership itself.'),
      string('platform', { nullable: false, choices: ['onlyfans', 'fansly'] }),
      string('username', { nullable: false }),
      json('credentials', 'Encrypted envelope {"enc":"v1:..."} (legacy strings/objects are read, never written).'),
      string('scrape_status', { nullable: false, def: 'idle', choices: ['idle', 'scraping', 'success', 'error'] }),
      timestamp('last_scraped_at'),
      text('last_error'),
      boolean('is_active', true),
      autoTimestamp('created_at', 'date-created'),
      autoTimestamp('updated_at', 'date-updated'),
      string('identity_key', {
        nullable: false,
        unique: true,
        readonly: true,
        note: 'lower-case user_id:platform:username (owner-scoped), kept by the server; UNIQUE so concurrent creates cannot give one owner the same profile twice',
      }),
    ],
  },
  {
    collection: 'platform_sessions',
    meta: { icon: 'cookie', note: 'Browser session cookies (encrypted envelope) for a profile.', accountability: 'all' },
    fields: [
      id(),
      m2o('profile_id'),
      m2o('user_id'),
      string('platform', { choices: ['onlyfans', 'fansly'] }),
      json('cookies', 'Encrypted envelope {"enc":"v1:..."}'),
      timestamp('expires_at', 'null = no expiry'),
      autoTimestamp('created_at', 'date-created'),
    ],
  },
  {
    collection: 'media_jobs',
    meta: { icon: 'work', note: 'Scrape jobs queued for the media worker.', accountability: 'all' },
    fields: [
      id(),
      m2o('profile_id'),
      string('type', { def: 'scrape_profile', choices: ['scrape_profile'] }),
      string('status', { def: 'queued', choices: ['queued', 'running', 'done', 'failed'] }),
      string('active_key', {
        unique: true,
        readonly: true,
        note: '= profile_id (lower-case) while queued/running, null after: at most one active job per profile',
      }),
      text('error'),
      autoTimestamp('created_at', 'date-created'),
      timestamp('started_at'),
      timestamp('finished_at'),
    ],
  },
  {
    collection: 'media_job_claims',
    meta: {
      icon: 'lock',
      note: 'One row per job a worker took: the UNIQUE job_id makes claiming atomic, so N workers take each queued job once.',
      accountability: 'all',
    },
    fields: [
      id(),
      {
        ...m2o('job_id', 'The claimed job; UNIQUE: a second claim of the same job fails with RECORD_NOT_UNIQUE'),
        schema: { is_nullable: false, is_unique: true },
      },
      string('worker', { note: 'Who claimed it (the worker simulator sends host:pid or its --name)' }),
      autoTimestamp('claimed_at', 'date-created'),
    ],
  },
  {
    collection: 'scraped_media',
    meta: { icon: 'photo_library', note: 'Media found by a scrape (captions are untrusted text).', accountability: 'all' },
    fields: [
      id(),
      m2o('profile_id'),
      m2o('job_id'),
      string('media_type', { choices: ['image', 'video'] }),
      text('url'),
      text('caption'),
      timestamp('posted_at'),
      autoTimestamp('created_at', 'date-created'),
    ],
  },
  {
    collection: 'hitl_sessions',
    meta: { icon: 'front_hand', note: 'Human-in-the-loop login requests.', accountability: 'all' },
    fields: [
      id(),
      m2o('profile_id'),
      m2o('user_id'),
      string('platform', { choices: ['onlyfans', 'fansly'] }),
      string('status', { def: 'pending', choices: ['pending', 'resolved', 'expired', 'cancelled'] }),
      string('active_key', {
        unique: true,
        readonly: true,
        note: '= profile_id (lower-case) while pending, null after: at most one pending HITL per profile',
      }),
      text('reason'),
      autoTimestamp('created_at', 'date-created'),
      timestamp('resolved_at'),
    ],
  },
];

// [collection, field, related collection, ON DELETE, o2m alias on the related collection]
// The o2m aliases on creator_profiles (no column, metadata only) let the server read a profile together with its
// latest job, pending HITL row and cookie expiry in ONE request (fields=media_jobs.status&deep[media_jobs][_limit]=1).
const relations = [
  ['creator_profiles', 'user_id', 'directus_users', 'SET NULL'],
  ['platform_sessions', 'profile_id', 'creator_profiles', 'CASCADE', 'platform_sessions'],
  ['platform_sessions', 'user_id', 'directus_users', 'SET NULL'],
  ['media_jobs', 'profile_id', 'creator_profiles', 'CASCADE', 'media_jobs'],
  ['scraped_media', 'profile_id', 'creator_profiles', 'CASCADE', 'scraped_media'],
  ['scraped_media', 'job_id', 'media_jobs', 'SET NULL'],
  ['media_job_claims', 'job_id', 'media_jobs', 'CASCADE'],
  ['hitl_sessions', 'profile_id', 'creator_profiles', 'CASCADE', 'hitl_sessions'],
  ['hitl_sessions', 'user_id', 'directus_users', 'SET NULL'],
];

for (const c of collections) {
  await api('POST', '/collections', { ...c, schema: {} });
  log(`created collection ${c.collection} (${c.fields.length} fields)`);
}
for (const [collection, field, related, onDelete, alias] of relations) {
  if (alias) {
    await api('POST', `/fields/${related}`, {
      field: alias,
      type: 'alias',
      meta: { special: ['o2m'], interface: 'list-o2m', readonly: true, hidden: false },
    });
  }
  await api('POST', '/relations', {
    collection,
    field,
    related_collection: related,
    schema: { on_delete: onDelete },
    meta: { one_field: alias ?? null, sort_field: null, one_deselect_action: 'nullify' },
  });
  log(`created relation ${collection}.${field} -> ${related} (on delete ${onDelete})`);
}
