// Checks schema.json against a FRESH Directus (stack.sh export-schema runs it on a second, new database):
//  - it applies, a second diff answers 204, and applying again is a no-op;
//  - defaults, the UNIQUE identity_key / active_key columns (several NULL active_keys are fine);
//  - the one-request claim: POST /items/media_jobs with a nested m2o update of the profile flips the profile, and
//    an identical second claim fails with RECORD_NOT_UNIQUE and rolls the profile change back;
//  - ON DELETE rules: deleting a job nulls scraped_media.job_id, deleting a profile cascades.
// Env: DIRECTUS_URL, and DIRECTUS_TOKEN or ADMIN_EMAIL + ADMIN_PASSWORD.

import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { applySchema, defaultSchemaPath } from './apply-schema.mjs';
import { connectAsAdmin, log } from './lib/api.mjs';

const api = await connectAsAdmin();
const snapshot = JSON.parse(readFileSync(process.argv[2] ?? defaultSchemaPath, 'utf8'));

assert.equal(await applySchema(api, snapshot), true, 'a fresh database should need changes');
assert.equal(await applySchema(api, snapshot), false, 'applying twice should be a no-op');
log('ok: applied; the second diff answered 204');

async function expectCode(code, promise, what) {
  try {
    await promise;
  } catch (err) {
    assert.equal(err.code, code, `${what}: expected ${code}, got ${err.message}`);
    return;
  }
  assert.fail(`${what}: expected ${code}, but the request succeeded`);
}

const me = (await api('GET', '/users/me?fields=id')).data.id;
const identityKey = `${me}:onlyfans:verify_me`; // owner-scoped, as the server writes it
const profile = (await api('POST', '/items/creator_profiles', {
  user_id: me, platform: 'onlyfans', username: 'verify_me', identity_key: identityKey,
})).data;
assert.equal(profile.scrape_status, 'idle');
assert.equal(profile.is_active, true);
assert.ok(profile.created_at, 'created_at is filled by Directus');
assert.match(profile.id, /^[0-9a-f-]{36}$/);
log('ok: defaults (idle, is_active=true, created_at, uuid id)');

await expectCode('RECORD_NOT_UNIQUE', api('POST', '/items/creator_profiles', {
  platform: 'onlyfans', username: 'verify_me', identity_key: identityKey,
}), 'duplicate identity_key');
log('ok: identity_key is UNIQUE');

const P = profile.id;
const claim = { profile_id: { id: P, scrape_status: 'scraping' }, active_key: P, status: 'queued', type: 'scrape_profile' };
const job = (await api('POST', '/items/media_jobs?fields=*,profile_id.scrape_status', claim)).data;
assert.equal(job.profile_id.scrape_status, 'scraping');
// Put the profile back so that a leaked (not rolled back) nested update of the second claim would show.
await api('PATCH', `/items/creator_profiles/${P}`, { scrape_status: 'idle' });
const before = (await api('GET', `/items/creator_profiles/${P}`)).data;
await expectCode('RECORD_NOT_UNIQUE', api('POST', '/items/media_jobs', claim), 'second claim');
const after = (await api('GET', `/items/creator_profiles/${P}`)).data;
assert.equal(after.scrape_status, 'idle', 'the failed claim must not change the profile');
assert.equal(after.updated_at, before.updated_at, 'the failed claim must not touch the profile');
log('ok: nested claim flips the profile in one request; a second claim gets RECORD_NOT_UNIQUE and rolls back');

const hitl = { profile_id: P, user_id: me, platform: 'onlyfans', active_key: P };
const h = (await api('POST', '/items/hitl_sessions', hitl)).data;
assert.equal(h.status, 'pending');
await expectCode('RECORD_NOT_UNIQUE', api('POST', '/items/hitl_sessions', hitl), 'second pending HITL');
log('ok: hitl_sessions.active_key is UNIQUE, status defaults to pending');

// Finished jobs release the key (NULL); several NULLs must coexist.
await api('PATCH', `/items/media_jobs/${job.id}`, { status: 'done', active_key: null, finished_at: new Date().toISOString() });
const done2 = (await api('POST', '/items/media_jobs', { profile_id: P, status: 'done', active_key: null })).data;
assert.equal(done2.type, 'scrape_profile');
log('ok: several finished jobs with active_key NULL');

const media = (await api('POST', '/items/scraped_media', { profile_id: P, job_id: done2.id, media_type: 'image', caption: 'x' })).data;
await api('DELETE', `/items/media_jobs/${done2.id}`);
assert.equal((await api('GET', `/items/scraped_media/${media.id}`)).data.job_id, null);
log('ok: deleting a job sets scraped_media.job_id to NULL');

await api('POST', '/items/platform_sessions', { profile_id: P, user_id: me, platform: 'onlyfans', cookies: { enc: 'v1:x' } });
await api('DELETE', `/items/creator_profiles/${P}`);
for (const c of ['media_jobs', 'scraped_media', 'hitl_sessions', 'platform_sessions']) {
  const left = (await api('GET', `/items/${c}?filter[profile_id][_eq]=${P}&aggregate[count]=*`)).data[0].count;
  assert.equal(Number(left), 0, `${c} rows should cascade with their profile`);
}
log('ok: deleting a profile cascades to jobs, media, HITL sessions and platform sessions');
log('schema verified');
