// Drives the credentials entry page in a real headless Chromium (Debian's /usr/bin/chromium through playwright-core,
// which downloads no browser) the way a person would, and prints what each step saw as JSON.
//
// Input (stdin): {
//   "chromium": "/usr/bin/chromium", "out_dir": "<folder for screenshots>",
//   "link": "<url of an open link>",
//   "expiring_link": "<url of a link with a short TTL>", "expiring_expires_at": "<its expires_at, ISO 8601>",
//   "values": {"email": ..., "password": ..., "extra_name": ..., "extra_value": ...},
//   "host_resolver_rules": "MAP mcp.example.test 127.0.0.1"   (optional: a link under another host name)
// }
// Output (stdout): {"steps": [{"name", "status", "title", "text", "screenshot"}], "console": [...]}
// Steps, in order (each in its own tab of one browser context, so they share the CSRF cookie like a person's tabs):
//   expiring_opened open the expiring link first, while it still works: the form (only with expiring_link)
//   form            open the link: the form (screenshot of the empty form)
//   no_csrf         open the link, delete the hidden CSRF field, fill in, submit: refused (403), nothing stored
//   submit          open the link (tab A) and again (tab B); fill in tab A and submit: stored (200)
//   second_submit   fill in tab B, opened before the first submit, and submit: 410
//   reopen          open the link once more: 410
//   expired         back in the expiring link's tab, after its expires_at: fill in, submit: 410 (only with expiring_link)
import { chromium } from "playwright-core";
import fs from "node:fs";
import path from "node:path";

const readStdin = async () => {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
};

const plan = await readStdin();
fs.mkdirSync(plan.out_dir, { recursive: true });

const browser = await chromium.launch({
  executablePath: plan.chromium ?? "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
    ...(plan.host_resolver_rules ? [`--host-resolver-rules=${plan.host_resolver_rules}`] : []),
  ],
});

const steps = [];
const consoleLines = [];
try {
  const context = await browser.newContext({ viewport: { width: 720, height: 900 }, deviceScaleFactor: 1 });
  const open = async (url) => {
    const page = await context.newPage();
    // Playwright gives each step 30 s; a shared 2-core machine under load can take longer to lay out the first page.
    page.setDefaultTimeout(120_000);
    page.on("console", (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
    const response = await page.goto(url);
    return { page, status: response?.status() ?? 0 };
  };
  const record = async (name, page, status) => {
    const screenshot = path.join(plan.out_dir, `${name}.png`);
    await page.screenshot({ path: screenshot, fullPage: true });
    steps.push({ name, status, title: await page.title(), text: await page.locator("main").innerText(), screenshot });
  };
  const fill = async (page) => {
    const v = plan.values;
    await page.fill('input[name="email"]', v.email);
    await page.fill('input[name="password"]', v.password);
    if (v.extra_name) {
      await page.click("summary"); // <details> opens without script
      await page.fill('input[name="extra_name_1"]', v.extra_name);
      await page.fill('input[name="extra_value_1"]', v.extra_value);
    }
  };
  const submit = async (page) => {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.click('button[type="submit"]'),
    ]);
    await page.waitForLoadState("load");
    return response.status();
  };

  // expiring_opened: first, so that it is opened in time; submitted at the end, after it expired
  const late = plan.expiring_link ? await open(plan.expiring_link) : null;
  if (late) {
    await record("expiring_opened", late.page, late.status);
  }

  // form
  const first = await open(plan.link);
  await record("form", first.page, first.status);
  await first.page.close();

  // no_csrf: the hidden field removed through DevTools (the page itself runs no script; CSP forbids it)
  const forged = await open(plan.link);
  await forged.page.locator('input[name="csrf_token"]').evaluate((input) => input.remove());
  await fill(forged.page);
  await record("no_csrf", forged.page, await submit(forged.page));

  // submit in tab A; tab B was opened before it
  const tabA = await open(plan.link);
  const tabB = await open(plan.link);
  await fill(tabA.page);
  await tabA.page.screenshot({ path: path.join(plan.out_dir, "filled.png"), fullPage: true });
  await record("submit", tabA.page, await submit(tabA.page));

  // second_submit from tab B
  await fill(tabB.page);
  await record("second_submit", tabB.page, await submit(tabB.page));

  // reopen
  const again = await open(plan.link);
  await record("reopen", again.page, again.status);

  // expired: opened in time, submitted too late
  if (late) {
    const wait = Date.parse(plan.expiring_expires_at) + 1500 - Date.now();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
    await fill(late.page);
    await record("expired", late.page, await submit(late.page));
  }
} finally {
  await browser.close();
}

process.stdout.write(JSON.stringify({ steps, console: consoleLines }));
