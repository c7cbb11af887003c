// A real OpenID provider (oidc-provider, certified) for the --auth oauth tests and for trying oauth mode by hand:
// authorization code + PKCE, dynamic client registration, resource indicators that issue JWT access tokens (RS256)
// for this MCP server's resource, refresh tokens, and a client-credentials client for the media worker. Its dev
// login page accepts any password for the known accounts (test use only).
//
//   node provider.mjs      env: OIDC_PORT (0: any free port), OIDC_RESOURCES (comma list of resource indicators
//                          it issues tokens for; the first is the default), OIDC_KEY_FILE (optional: a private RSA
//                          JWK to sign with, so a test can also sign tokens itself), OIDC_WORKER_SECRET,
//                          OIDC_DIRECTUS_REDIRECT_URI (optional: registers the confidential client "directus" for
//                          Directus SSO with this redirect URI, e.g. http://127.0.0.1:8055/auth/login/oidc/callback;
//                          secret OIDC_DIRECTUS_SECRET, default directus-secret)
//   prints "oidc provider ready at <issuer>" on stdout once it listens.
//
// Accounts (subject = account id; Directus users carry it in external_identifier, samples/directus/seed.mjs):
// alice and bob (the demo users), carol (no Directus user). Client "creator-profiles-worker" (client_secret_basic,
// client_credentials only) maps to the Directus user "worker"; it alone may get credentials:decrypt.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import Provider, { errors } from 'oidc-provider';

const ACCOUNTS = {
  alice: { email: 'alice@example.com' },
  bob: { email: 'bob@example.com' },
  carol: { email: 'carol@example.com' },
};
const USER_SCOPES = ['profiles:read', 'profiles:write', 'scrapes:trigger', 'credentials:write'];
const WORKER_CLIENT = 'creator-profiles-worker';
const WORKER_SCOPES = ['profiles:read', 'credentials:decrypt'];
// Directus signs people in with its own client (AUTH_<NAME>_DRIVER=openid): its access token is for the provider's
// userinfo endpoint, not for this MCP server, so it gets no resource by default.
const DIRECTUS_CLIENT = 'directus';
const directusClient = process.env.OIDC_DIRECTUS_REDIRECT_URI && {
  client_id: DIRECTUS_CLIENT,
  client_secret: process.env.OIDC_DIRECTUS_SECRET ?? 'directus-secret',
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  redirect_uris: [process.env.OIDC_DIRECTUS_REDIRECT_URI],
  token_endpoint_auth_method: 'client_secret_basic',
};

const resources = (process.env.OIDC_RESOURCES ?? '').split(',').map((r) => r.trim()).filter(Boolean);
if (resources.length === 0) {
  console.error('oidc: set OIDC_RESOURCES to the resource indicators to issue tokens for, e.g. http://127.0.0.1:5180/mcp');
  process.exit(2);
}

const signingKey = process.env.OIDC_KEY_FILE
  ? JSON.parse(readFileSync(process.env.OIDC_KEY_FILE, 'utf8'))
  : { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: 'oidc-test-key' };

const server = http.createServer();
await new Promise((resolve) => server.listen(Number(process.env.OIDC_PORT ?? 0), '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  jwks: { keys: [{ ...signingKey, alg: 'RS256', use: 'sig' }] },
  cookies: { keys: ['creatorprofiles-oidc-test-cookie-key'] },
  scopes: ['openid', 'offline_access', 'email', ...USER_SCOPES, 'credentials:decrypt'],
  claims: { openid: ['sub'], email: ['email'] },
  clients: [
    {
      client_id: WORKER_CLIENT,
      client_secret: process.env.OIDC_WORKER_SECRET ?? 'worker-secret',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      scope: WORKER_SCOPES.join(' '),
    },
    ...(directusClient ? [directusClient] : []),
  ],
  async findAccount(_ctx, id) {
    const account = ACCOUNTS[id];
    return account && { accountId: id, claims: async () => ({ sub: id, email: account.email }) };
  },
  features: {
    devInteractions: { enabled: true },
    registration: { enabled: true },
    clientCredentials: { enabled: true },
    revocation: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: async (_ctx, client, oneOf) => oneOf ?? (client.clientId === DIRECTUS_CLIENT ? undefined : resources[0]),
      useGrantedResource: async () => true,
      async getResourceServerInfo(_ctx, resource, client) {
        if (!resources.includes(resource)) throw new errors.InvalidTarget();
        return {
          scope: (client.clientId === WORKER_CLIENT ? WORKER_SCOPES : USER_SCOPES).join(' '),
          audience: resource,
          accessTokenFormat: 'jwt',
          accessTokenTTL: 300,
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
  // Refresh tokens for every client allowed the grant (no offline_access consent dance in a test provider).
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  pkce: { required: () => true },
});
provider.on('server_error', (_ctx, error) => console.error('oidc: server error', error));

server.on('request', provider.callback());
console.log(`oidc provider ready at ${issuer}`);
