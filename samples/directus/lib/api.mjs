// A tiny Directus REST client for the stack scripts (global fetch, no npm dependencies).

export class DirectusError extends Error {
  constructor(method, path, status, body) {
    const errors = body?.errors ?? [];
    const detail = errors.map((e) => `${e.extensions?.code ?? '?'}: ${e.message}`).join('; ') || JSON.stringify(body);
    super(`${method} ${path} -> ${status} ${detail}`);
    this.status = status;
    this.code = errors[0]?.extensions?.code;
  }
}

/**
 * Returns call(method, path, body?) -> parsed JSON body (or null on 204), throwing DirectusError on non-2xx.
 * getToken is read on every call so that a script can switch from a login token to a static one.
 */
export function directus(baseUrl, getToken) {
  const base = baseUrl.replace(/\/+$/, '');
  return async function call(method, path, body) {
    const headers = { accept: 'application/json' };
    const token = typeof getToken === 'function' ? getToken() : getToken;
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let json = null;
    if (text) {
      try { json = JSON.parse(text); } catch { json = { raw: text }; }
    }
    if (!res.ok) throw new DirectusError(method, path, res.status, json);
    return res.status === 204 ? null : json;
  };
}

export function requireEnv(name) {
  const value = process.env[name];
  if (!value) {
    process.stderr.write(`missing environment variable ${name}\n`);
    process.exit(2);
  }
  return value;
}

export const log = (msg) => process.stderr.write(`[${process.argv[1]?.split('/').pop()}] ${msg}\n`);

/**
 * An admin client from the environment: DIRECTUS_URL plus DIRECTUS_TOKEN (a static token), or else
 * ADMIN_EMAIL + ADMIN_PASSWORD (POST /auth/login; the access token lives 15 minutes, plenty for these scripts).
 */
export async function connectAsAdmin() {
  const url = requireEnv('DIRECTUS_URL');
  if (process.env.DIRECTUS_TOKEN) return directus(url, process.env.DIRECTUS_TOKEN);
  const login = await directus(url, null)('POST', '/auth/login', {
    email: requireEnv('ADMIN_EMAIL'),
    password: requireEnv('ADMIN_PASSWORD'),
  });
  return directus(url, login.data.access_token);
}
