// Prints the `data` part of GET /schema/snapshot (pretty JSON) on stdout. Used by `stack.sh export-schema`.
// Env: DIRECTUS_URL, and DIRECTUS_TOKEN or ADMIN_EMAIL + ADMIN_PASSWORD.
import { connectAsAdmin } from './api.mjs';

const api = await connectAsAdmin();
const snapshot = (await api('GET', '/schema/snapshot')).data;
process.stdout.write(JSON.stringify(snapshot, null, 2) + '\n');
