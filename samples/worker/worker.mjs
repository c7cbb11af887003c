#!/usr/bin/env node
// Media worker simulator: stands in for the Stagehand browser worker of the seed, so that the whole scrape loop
// (trigger_scrape -> queued -> running -> done/failed, scraped_media rows, profile status) runs locally and in tests.
// Plain Node (>= 20: global fetch), no dependencies; talks to Directus REST with the worker's own token.
//
//   DIRECTUS_URL=... DIRECTUS_TOKEN=<worker token> [CREATORPROFILES_SERVER_URL=...] node samples/worker/worker.mjs [options]
//
//   --server-url URL     the CreatorProfiles.Mcp server in HTTP mode (or CREATORPROFILES_SERVER_URL), e.g.
//                        http://127.0.0.1:5180: each job's session cookies are then DECRYPTED through its
//                        POST /api/credentials/decrypt, with the same token (the worker's Directus role must be in
//                        the server's CREDENTIALS_DECRYPT_ROLES, default media-worker). A job whose cookies cannot be
//                        decrypted fails. Without it the simulator only checks that the cookies look like a v1 envelope.
//   --once               one pass (fail stuck jobs, then work every queued job), print a JSON summary on stdout, exit
//   --watch              repeat a pass every --interval seconds until SIGINT/SIGTERM (the default mode)
//   --interval S         seconds between passes in --watch mode (default 2)
//   --stuck-after S      a job `running` for longer than S seconds is failed and its profile released (default 600)
//   --profile ID         only touch jobs of this profile (repeatable); without it, every profile's jobs
//   --fail ID|all        make the scrape of this profile (or of all) fail, to show the error path (repeatable)
//   --media N            media rows written per successful scrape (default 3)
//   --work-ms MS         pretend to scrape for MS milliseconds between `running` and the outcome (default 300)
//   --name NAME          who claims the jobs (recorded in media_job_claims.worker; default host:pid)
//
// Per job: (1) claim it: ONE request creates its media_job_claims row (UNIQUE job_id) with a nested update that marks
// the job running (started_at), in one Directus transaction; when another worker claimed it first, the insert fails
// with RECORD_NOT_UNIQUE, the nested update rolls back, and this worker moves on (counted in the summary's `lost`); (2) "log in": with --server-url, ask the server for the profile's newest
// unexpired platform_sessions cookies in plaintext ({"profile_id": ..., "job_id": <this job>, "source": "cookies"}: the
// server decrypts only for a running job of that profile), as the real worker
// must before it opens the browser (the values stay in memory: never printed, only their field NAMES go into the
// summary); a 429 is retried after its Retry-After. Without --server-url: find an unexpired platform_sessions row and
// check that its cookies are a v1 envelope (the values are not needed to simulate); (3) finish in ONE Directus request that
// Directus runs as one transaction: the job becomes done/failed with finished_at and active_key = null (so the next
// trigger_scrape can queue again), the profile becomes success (last_scraped_at, last_error cleared) or error
// (last_error), and on success the new scraped_media rows are created through the profile's o2m alias. Nobody ever
// sees a finished job without its media, or media of an unfinished job.
//
// Any number of simulators may run at once, against one Directus or several on the same database: a filtered update
// ("set running where queued") is not atomic in Directus (it reads the keys, then updates them), a UNIQUE insert is,
// so each queued job is claimed by exactly one of them. Reaping stuck jobs is not claimed: two simulators may both
// fail one stuck job, with the same outcome.
// Progress goes to stderr, one line per event.

import { hostname } from 'node:os';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    once: { type: 'boolean', default: false },
    watch: { type: 'boolean', default: false },
    interval: { type: 'string', default: '2' },
    'stuck-after': { type: 'string', default: '600' },
    profile: { type: 'string', multiple: true, default: [] },
    fail: { type: 'string', multiple: true, default: [] },
    media: { type: 'string', default: '3' },
    'work-ms': { type: 'string', default: '300' },
    'server-url': { type: 'string', default: process.env.CREATORPROFILES_SERVER_URL ?? '' },
    name: { type: 'string', default: `${hostname()}:${process.pid}` },
  },
});

const number = (name, min) => {
  const n = Number(opts[name]);
  if (!Number.isFinite(n) || n < min) {
    process.stderr.write(`worker: --${name} must be a number >= ${min}\n`);
    process.exit(2);
  }
  return n;
};
const interval = number('interval', 0.1);
const stuckAfter = number('stuck-after', 1);
const mediaPerScrape = Math.floor(number('media', 0));
const workMs = number('work-ms', 0);
const url = (process.env.DIRECTUS_URL ?? '').replace(/\/+$/, '');
const token = process.env.DIRECTUS_TOKEN ?? '';
if (!url || !token) {
  process.stderr.write('worker: set DIRECTUS_URL and DIRECTUS_TOKEN (the local stack prints WORKER_TOKEN: samples/directus/stack.sh env)\n');
  process.exit(2);
}
const serverUrl = opts['server-url'].replace(/\/+$/, '');
if (serverUrl && !/^https?:\/\/[^/?#]+$/.test(serverUrl)) {
  process.stderr.write('worker: --server-url (CREATORPROFILES_SERVER_URL) must be the server\'s base URL such as http://127.0.0.1:5180\n');
  process.exit(2);
}

const log = (msg) => process.stderr.write(`${new Date().toISOString()} worker: ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const iso = (ms = Date.now()) => new Date(ms).toISOString();

async function api(method, path, body) {
  const res = await fetch(url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const e = json?.errors?.[0];
    const error = new Error(`${method} ${path.split('?')[0]} -> ${res.status} ${e?.extensions?.code ?? ''} ${e?.message ?? ''}`.trim());
    error.code = e?.extensions?.code;
    throw error;
  }
  return json?.data ?? null;
}
const query = (params) =>
  '?' + Object.entries(params).map(([k, v]) => `${k}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))}`).join('&');
/**
 * The profile's session cookies in plaintext, from the server's decrypt endpoint: { ok: true, cookies, info } or
 * { ok: false, error } with a message for the job (the server's messages never hold a value). 429: wait and retry.
 */
async function decryptCookies(job, profile) {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${serverUrl}/api/credentials/decrypt`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
      // The job we marked running: the server decrypts only for a running job of that profile.
      body: JSON.stringify({ profile_id: profile.id, job_id: job.id, source: 'cookies' }),
    });
    const text = await res.text();
    let body = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null; // a 401 answers in plain text
    }
    if (res.status === 429 && attempt < 4) {
      const wait = Math.min(60, Number(res.headers.get('retry-after')) || 1);
      log(`decrypt for profile ${profile.id}: rate limited, retrying in ${wait} s`);
      await sleep(wait * 1000);
      continue;
    }
    if (res.ok) {
      const cookies = body?.credentials;
      if (!cookies || typeof cookies !== 'object' || Object.keys(cookies).length === 0) {
        return { ok: false, error: `The session cookies decrypted to nothing usable (format ${body?.format ?? '?'}); log in again.` };
      }
      return { ok: true, cookies, info: { session: body.session?.id ?? null, format: body.format, key: body.key, fields: Object.keys(cookies) } };
    }
    const why = body?.message ?? text.trim();
    switch (body?.error ?? (res.status === 401 ? 'unauthorized' : '')) {
      case 'no_cookies':
        return { ok: false, error: `No unexpired session cookies for ${profile.platform}: a human must log in (trigger_scrape opens a HITL request).` };
      case 'forbidden':
        return { ok: false, error: `The server refused to decrypt the session cookies (403): this worker's Directus role is not in its CREDENTIALS_DECRYPT_ROLES.` };
      case 'not_bound_to_work':
        return { ok: false, error: `The server refused to decrypt the session cookies (403): job ${job.id} is no longer running (failed as stuck, or finished elsewhere).` };
      case 'legacy_refused':
        return { ok: false, error: `The server refused the stored session cookies (422 legacy_refused): ${why}` };
      case 'unauthorized':
        return { ok: false, error: 'The server refused the worker\'s token (401).' };
      default:
        return { ok: false, error: `Cannot read the session cookies (${res.status} ${body?.error ?? ''}): ${why}`.replace(/  +/g, ' ') };
    }
  }
}

const scoped = (filter) => (opts.profile.length ? { _and: [filter, { profile_id: { _in: opts.profile } }] } : filter);

/** Ends a job and updates its profile in one request (one Directus transaction), releasing active_key. */
async function finish(job, profileId, outcome) {
  const now = iso();
  const body = outcome.ok
    ? {
        status: 'done', finished_at: now, error: null, active_key: null,
        profile_id: {
          id: profileId, scrape_status: 'success', last_scraped_at: now, last_error: null,
          scraped_media: { create: outcome.media, update: [], delete: [] },
        },
      }
    : {
        status: 'failed', finished_at: now, error: outcome.error, active_key: null,
        profile_id: { id: profileId, scrape_status: 'error', last_error: outcome.error },
      };
  await api('PATCH', `/items/media_jobs/${job.id}${query({ fields: 'id' })}`, body);
}

/** Jobs left `running` past --stuck-after (a worker that died mid-scrape): failed, profile released. */
async function failStuckJobs(summary) {
  const cutoff = iso(Date.now() - stuckAfter * 1000);
  const stuck = await api('GET', `/items/media_jobs${query({
    filter: scoped({ _and: [{ status: { _eq: 'running' } }, { _or: [{ started_at: { _lt: cutoff } }, { _and: [{ started_at: { _null: true } }, { created_at: { _lt: cutoff } }] }] }] }),
    fields: 'id,profile_id,started_at', limit: '-1',
  })}`);
  for (const job of stuck) {
    const error = `The worker did not finish within ${stuckAfter} s (running since ${job.started_at ?? 'an unknown time'}); the job was failed so the profile can be scraped again.`;
    await finish(job, job.profile_id, { ok: false, error });
    summary.reaped.push(job.id);
    log(`job ${job.id}: stuck in running, failed (profile ${job.profile_id})`);
  }
}

async function scrape(job, summary) {
  const profile = job.profile_id;
  const failAll = opts.fail.includes('all');
  if (serverUrl) {
    const login = await decryptCookies(job, profile);
    await sleep(workMs);
    if (!login.ok) {
      return login;
    }
    // A real worker would hand login.cookies to the browser here; the simulator only records the field names.
    summary.decrypted.push({ job: job.id, profile: profile.id, ...login.info });
    log(`job ${job.id}: logged in with ${login.info.fields.length} cookie field(s) from session ${login.info.session} (${login.info.format}, ${login.info.key} key)`);
    return failAll || opts.fail.includes(profile.id)
      ? { ok: false, error: 'Simulated failure: the media feed did not load within 30 s.' }
      : { ok: true, media: simulatedMedia(job, profile) };
  }
  const sessions = await api('GET', `/items/platform_sessions${query({
    filter: { _and: [{ profile_id: { _eq: profile.id } }, { _or: [{ expires_at: { _null: true } }, { expires_at: { _gt: iso() } }] }] },
    fields: 'id,cookies', limit: '1',
  })}`);
  await sleep(workMs);
  if (sessions.length === 0) {
    return { ok: false, error: `No unexpired session cookies for ${profile.platform}: a human must log in (trigger_scrape opens a HITL request).` };
  }
  if (typeof sessions[0].cookies?.enc !== 'string' || !sessions[0].cookies.enc.startsWith('v1:')) {
    return { ok: false, error: 'The stored session cookies are not an encrypted v1 envelope; log in again.' };
  }
  if (failAll || opts.fail.includes(profile.id)) {
    return { ok: false, error: 'Simulated failure: the media feed did not load within 30 s.' };
  }
  return { ok: true, media: simulatedMedia(job, profile) };
}

const simulatedMedia = (job, profile) =>
  Array.from({ length: mediaPerScrape }, (_, i) => ({
    job_id: job.id,
    media_type: i % 2 === 0 ? 'image' : 'video',
    url: `https://cdn.example.com/${profile.platform}/${profile.username}/${job.id.slice(0, 8)}-${i + 1}.${i % 2 === 0 ? 'jpg' : 'mp4'}`,
    caption: `Simulated post ${i + 1} of @${profile.username}`,
    posted_at: iso(Date.now() - (i + 1) * 3_600_000),
  }));

/**
 * Takes a queued job for this worker: true when this worker won it (the job is now running), false when another
 * worker claimed it first. The claim row and the job's change are one transaction: a lost claim changes nothing.
 */
async function claim(job) {
  try {
    await api('POST', `/items/media_job_claims${query({ fields: 'id' })}`, {
      job_id: { id: job.id, status: 'running', started_at: iso() },
      worker: opts.name,
    });
    return true;
  } catch (e) {
    if (e.code === 'RECORD_NOT_UNIQUE') return false;
    throw e;
  }
}

async function workQueuedJobs(summary) {
  const queued = await api('GET', `/items/media_jobs${query({
    filter: scoped({ status: { _eq: 'queued' } }),
    fields: 'id,profile_id.id,profile_id.platform,profile_id.username', sort: 'created_at', limit: '-1',
  })}`);
  for (const job of queued) {
    if (!job.profile_id) continue; // its profile was deleted (the job goes with it)
    if (!(await claim(job))) {
      summary.lost.push(job.id);
      log(`job ${job.id}: claimed by another worker, skipped`);
      continue;
    }
    log(`job ${job.id}: claimed by ${opts.name}, running (profile ${job.profile_id.id})`);
    let outcome;
    try {
      outcome = await scrape(job, summary);
    } catch (e) {
      outcome = { ok: false, error: `Scrape failed: ${e.message}` };
    }
    await finish(job, job.profile_id.id, outcome);
    (outcome.ok ? summary.done : summary.failed).push(job.id);
    log(`job ${job.id}: ${outcome.ok ? `done, ${outcome.media.length} media` : `failed: ${outcome.error}`}`);
  }
}

async function pass() {
  const summary = { worker: opts.name, reaped: [], done: [], failed: [], lost: [], decrypted: [] };
  await failStuckJobs(summary);
  await workQueuedJobs(summary);
  return summary;
}

log(serverUrl ? `session cookies are decrypted through ${serverUrl}/api/credentials/decrypt` : 'no --server-url: session cookies are only checked to be a v1 envelope, not decrypted');
if (opts.once) {
  try {
    process.stdout.write(JSON.stringify(await pass()) + '\n');
  } catch (e) {
    log(`pass failed: ${e.message}`);
    process.exit(1);
  }
} else {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => { stopping = true; });
  log(`watching ${url} every ${interval} s${opts.profile.length ? ` (profiles ${opts.profile.join(', ')})` : ''}; Ctrl-C stops`);
  while (!stopping) {
    try {
      await pass();
    } catch (e) {
      log(`pass failed (next try in ${interval} s): ${e.message}`);
    }
    for (let waited = 0; waited < interval * 1000 && !stopping; waited += 100) await sleep(100);
  }
  log('stopped');
}
