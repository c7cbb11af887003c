// End to end with the official TypeScript SDK client's OAuth support against the server in --auth oauth: the client
// connects and gets 401, reads the protected resource metadata and the provider's metadata, registers itself
// (dynamic registration), sends the person to the provider's login, which headless Chromium (Debian's, through
// playwright-core) fills in; the client exchanges the code (PKCE, resource indicator), reconnects with the token and
// calls tools. Run by the C# integration tests.
//
//   node oauth-e2e.mjs < {"url": "http://127.0.0.1:PORT/mcp", "account": "alice"}
//   prints one JSON object: {steps: [{step, ms, ...}], tools, profiles}
//   With "create": {"platform", "username"} in the plan it also creates that profile and prints its owner (created).
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { chromium } from 'playwright-core';

// The SDK is installed with the other TypeScript client (tests/clients/ts).
const sdk = (path) => import(new URL(`../ts/node_modules/@modelcontextprotocol/sdk/dist/esm/${path}`, import.meta.url));
const { Client } = await sdk('client/index.js');
const { StreamableHTTPClientTransport } = await sdk('client/streamableHttp.js');
const { UnauthorizedError } = await sdk('client/auth.js');

const plan = JSON.parse(readFileSync(0, 'utf8'));
const started = performance.now();
const steps = [];
const mark = (step, details = {}) => steps.push({ step, ms: Math.round(performance.now() - started), ...details });

// The redirect target: a one-page listener, as a native client's loopback redirect (RFC 8252) would be.
let code;
const callback = http.createServer((request, response) => {
  code ??= new URL(request.url, 'http://127.0.0.1').searchParams.get('code');
  response.end('signed in');
});
await new Promise((resolve) => callback.listen(0, '127.0.0.1', resolve));
const redirectUrl = `http://127.0.0.1:${callback.address().port}/callback`;
const state = {};
const authProvider = {
  get redirectUrl() { return redirectUrl; },
  get clientMetadata() {
    return {
      client_name: 'creatorprofiles TypeScript e2e', application_type: 'native', redirect_uris: [redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none',
    };
  },
  clientInformation: () => state.client,
  saveClientInformation: (client) => { state.client = client; mark('registered (RFC 7591)', { client_id: client.client_id }); },
  tokens: () => state.tokens,
  saveTokens: (tokens) => { state.tokens = tokens; mark('token received', { scope: tokens.scope, refresh_token: Boolean(tokens.refresh_token) }); },
  redirectToAuthorization: (url) => {
    state.authorizationUrl = url;
    mark('sent to the provider', { endpoint: url.origin + url.pathname, resource: url.searchParams.get('resource'), scope: url.searchParams.get('scope'), pkce: url.searchParams.get('code_challenge_method') });
  },
  saveCodeVerifier: (verifier) => { state.verifier = verifier; },
  codeVerifier: () => state.verifier,
};
const transport = () => new StreamableHTTPClientTransport(new URL(plan.url), { authProvider });

try {
  await new Client({ name: 'ts-oauth-e2e', version: '1.0.0' }).connect(transport());
  throw new Error('connected without a token');
} catch (error) {
  if (!(error instanceof UnauthorizedError)) throw error;
  mark('401, metadata read, authorization started');
}

const browser = await chromium.launch({ executablePath: plan.chromium ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage();
  await page.goto(state.authorizationUrl.toString());
  // The provider's pages: a login form, then a consent form; each submit redirects to the next until the callback.
  for (let i = 0; i < 4 && !code; i++) {
    const login = await page.$('input[name=login]');
    if (login) {
      await page.fill('input[name=login]', plan.account);
      await page.fill('input[name=password]', 'any');
    }
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    mark(login ? 'login submitted in Chromium' : 'consent given in Chromium');
  }
} finally {
  await browser.close();
  callback.close();
}
if (!code) throw new Error('the provider did not redirect back with a code');

await transport().finishAuth(code);
const client = new Client({ name: 'ts-oauth-e2e', version: '1.0.0' });
await client.connect(transport());
mark('connected with the token');
const tools = await client.listTools();
const result = await client.callTool({ name: 'list_creator_profiles', arguments: { limit: 50 } });
mark('tools/list and tools/call');
const created = plan.create && (await client.callTool({ name: 'create_creator_profile', arguments: plan.create })).structuredContent;
await client.close();
console.log(JSON.stringify({
  steps, tools: tools.tools.length, profiles: (result.structuredContent?.items ?? []).map((p) => ({ username: p.untrusted?.username, user_id: p.user_id })),
  ...(created && { created: { id: created.id, user_id: created.user_id } }),
}));
