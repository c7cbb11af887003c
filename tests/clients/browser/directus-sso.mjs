// Directus SSO through the test OpenID provider in headless Chromium (Debian's, through playwright-core): opens
// Directus's /auth/login/<provider>, which redirects to the provider; fills its dev login and consent pages; the
// provider redirects back to Directus's callback, which answers with a session (JSON, or a cookie and a redirect to
// the Studio) or an error. With a session, reads /users/me to show which Directus user it is.
//
//   node directus-sso.mjs < {"directus": "http://127.0.0.1:PORT", "provider": "oidc", "account": "carol"}
//   prints one JSON object: {steps: [{step, ms}], status, error, user: {id, email, provider, external_identifier, role}}
//   (never a token)
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const plan = JSON.parse(readFileSync(0, 'utf8'));
const provider = plan.provider ?? 'oidc';
const started = performance.now();
const steps = [];
const mark = (step, page) => steps.push({ step, ms: Math.round(performance.now() - started), ...(page && { at: page.url().split('?')[0] }) });

const directusOrigin = new URL(plan.directus).origin;
const onDirectus = (page) => new URL(page.url()).origin === directusOrigin;
const fields = 'id,email,provider,external_identifier,role';
const browser = await chromium.launch({ executablePath: plan.chromium ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
let status;
let error = null;
let user = null;
try {
  const page = await browser.newPage();
  // A refusal is a redirect to Directus's app with ?reason=<code>, which the app's own redirects then drop.
  let reason = null;
  page.on('request', (request) => { reason ??= new URL(request.url()).searchParams.get('reason'); });
  const first = await page.goto(`${plan.directus}/auth/login/${provider}`);
  mark(`opened Directus /auth/login/${provider}`, page);
  let last = first;
  // The provider's pages: a login form, then a consent form; each submit redirects on, until the browser is back on
  // Directus (its callback answers JSON, or redirects to the Studio or to the login page with ?reason=<error>).
  for (let i = 0; i < 4 && !onDirectus(page); i++) {
    const login = await page.$('input[name=login]');
    if (login) {
      await page.fill('input[name=login]', plan.account);
      await page.fill('input[name=password]', 'any');
    }
    [last] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    mark(login ? 'login submitted in Chromium' : 'consent given in Chromium', page);
  }
  if (!onDirectus(page)) throw new Error('the provider did not send the browser back to Directus');
  status = last.status();
  const body = await last.text();
  const json = body.startsWith('{') ? JSON.parse(body) : {};
  error = json.errors?.[0]?.extensions?.code ?? reason;
  // Who Directus signed in: with the session it answered, or else with the session cookie it set.
  const token = json.data?.access_token;
  const me = await page.request.get(`${plan.directus}/users/me?fields=${fields}`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
  if (me.ok()) {
    user = (await me.json()).data;
    mark('read /users/me with the Directus session');
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify({ steps, status, error, user }));
