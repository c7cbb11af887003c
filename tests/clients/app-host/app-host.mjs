// Plays an MCP Apps host (io.modelcontextprotocol/ui, spec 2026-01-26) for the scrape dashboard and prints what
// happened as JSON. The host's two halves:
//   - toward the server: the official MCP TypeScript SDK client over stdio, declaring the extension, as a host does;
//   - toward the app: a page served from 127.0.0.1 that embeds the ui:// resource in a sandboxed iframe
//     (sandbox="allow-scripts", no same origin; the spec's default CSP: no network) and answers its JSON-RPC
//     postMessages by hand per the spec (ui/initialize, tools/call relayed to the server, ui/open-link, ...),
//     driven by Debian's Chromium through playwright-core (no browser download).
// Input (stdin): {"chromium", "out_dir", "server": {"command", "args", "env"},
//                 "alert_profile_id", "scrape_profile_id", "refresh_seconds" (the app's period),
//                 "worker": {"command", "args", "env"}}
// Output (stdout): {"tools", "resource", "handshake", "alert", "scrape", "after_worker", "login", "dark", "teardown",
//                   "app_messages", "frame_requests", "pwned", "console", "screenshots"}
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";

const readStdin = async () => {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
};
const plan = await readStdin();
fs.mkdirSync(plan.out_dir, { recursive: true });
const out = { console: [], screenshots: {} };

// The host's theme: the spec's CSS variables, light first (the dashboard must use the warning colours it is given).
const LIGHT = { "--color-background-warning": "#ffec99", "--color-text-warning": "#5c3c00", "--color-border-warning": "#f0b400" };
const DARK = { "--color-background-warning": "#5a4500", "--color-text-warning": "#ffe08a", "--color-border-warning": "#c79a00",
  "--color-background-primary": "#1e1f22", "--color-text-primary": "#eceef2" };

// 1. The server side of the host.
const transport = new StdioClientTransport({ command: plan.server.command, args: plan.server.args ?? [], env: plan.server.env ?? {}, stderr: "pipe" });
let serverStderr = "";
transport.stderr?.on("data", (d) => { serverStderr += d.toString("utf8"); });
const client = new Client({ name: "creatorprofiles-test-app-host", version: "1.0.0" },
  { capabilities: { extensions: { "io.modelcontextprotocol/ui": { mimeTypes: ["text/html;profile=mcp-app"] } } } });
await client.connect(transport);

const { tools } = await client.listTools();
out.tools = tools.map((t) => ({ name: t.name, ui: t._meta?.ui ?? null }));
const dashboardTool = tools.find((t) => t.name === "show_scrape_dashboard");
const uri = dashboardTool?._meta?.ui?.resourceUri;
const read = await client.readResource({ uri });
const content = read.contents[0];
out.resource = { uri, mime_type: content.mimeType, meta: content._meta ?? null, bytes: Buffer.byteLength(content.text, "utf8") };
const toolResult = await client.callTool({ name: "show_scrape_dashboard", arguments: {} });

// The app's document under the spec's default policy (what a host applies when the resource declares no csp).
const csp = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; media-src data:; connect-src 'none'";
const appHtml = content.text.replace(/<head>/i, `<head><meta http-equiv="Content-Security-Policy" content="${csp}">`);

// 2. The page side of the host: it relays the frame's messages to these bindings.
const HOST_PAGE = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Test MCP Apps host</title>
<style>body{margin:0;font-family:sans-serif;background:#eef0f3}iframe{display:block;width:100%;border:0;height:400px;background:transparent}
header{padding:6px 12px;font-size:12px;color:#555}</style></head>
<body><header>Test host: CreatorProfiles.Mcp scrape dashboard (MCP App)</header><iframe id="app" sandbox="allow-scripts" title="MCP App"></iframe>
<script>
const frame = document.getElementById("app");
const send = (message) => frame.contentWindow.postMessage({ jsonrpc: "2.0", ...message }, "*");
const pending = new Map(); let nextId = 1;
const hostRequest = (method, params) => new Promise((resolve) => { const id = "host-" + nextId++; pending.set(id, resolve); send({ id, method, params }); });
window.addEventListener("message", async (event) => {
  if (event.source !== frame.contentWindow) return;
  const m = event.data;
  await window.hostLog(JSON.stringify(m));
  if (!m || m.jsonrpc !== "2.0") return;
  if (m.method === undefined) { pending.get(m.id)?.(m); pending.delete(m.id); return; }
  const setup = window.__setup;
  switch (m.method) {
    case "ui/initialize":
      send({ id: m.id, result: { protocolVersion: "2026-01-26", hostInfo: { name: "test-host", version: "1.0.0" },
        hostCapabilities: { openLinks: {}, serverTools: {}, serverResources: {} },
        hostContext: { theme: "light", styles: { variables: setup.light }, displayMode: "inline", locale: "en-GB", timeZone: "UTC",
          platform: "web", toolInfo: { tool: setup.tool } } } });
      break;
    case "ui/notifications/initialized":
      send({ method: "ui/notifications/tool-input", params: { arguments: {} } });
      send({ method: "ui/notifications/tool-result", params: setup.toolResult });
      break;
    case "tools/call": {
      const answer = JSON.parse(await window.hostCallTool(JSON.stringify(m.params)));
      send(answer.error ? { id: m.id, error: { code: -32603, message: answer.error } } : { id: m.id, result: answer.result });
      break;
    }
    case "ui/open-link": await window.hostOpenLink(m.params.url); send({ id: m.id, result: {} }); break;
    case "ui/notifications/size-changed": if (m.params.height) frame.style.height = Math.min(m.params.height, 2000) + "px"; break;
    default: if (m.id !== undefined) send({ id: m.id, error: { code: -32601, message: "Method not found" } });
  }
});
window.hostContextChanged = (params) => send({ method: "ui/notifications/host-context-changed", params });
window.teardownApp = () => hostRequest("ui/resource-teardown", {});
(async () => { window.__setup = JSON.parse(await window.hostSetup()); frame.srcdoc = window.__setup.html; })();
</script></body></html>`;

const server = http.createServer((req, res) => {
  res.writeHead(req.url === "/" ? 200 : 404, { "content-type": "text/html; charset=utf-8" });
  res.end(req.url === "/" ? HOST_PAGE : "");
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const hostUrl = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: plan.chromium ?? "/usr/bin/chromium", headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const appMessages = [];
const openedLinks = [];
const toolCalls = [];
out.frame_requests = [];
try {
  const page = await browser.newPage({ viewport: { width: 900, height: 1400 }, deviceScaleFactor: 1 });
  page.setDefaultTimeout(120_000);
  page.on("console", (m) => out.console.push(`${m.type()}: ${m.text()}`));
  page.on("request", (r) => { if (r.frame() !== page.mainFrame()) out.frame_requests.push(r.url()); });
  await page.exposeFunction("hostLog", (json) => { appMessages.push(JSON.parse(json)); });
  await page.exposeFunction("hostSetup", () => JSON.stringify({ html: appHtml, toolResult, tool: dashboardTool, light: LIGHT }));
  await page.exposeFunction("hostOpenLink", (url) => { openedLinks.push(url); });
  await page.exposeFunction("hostCallTool", async (json) => {
    const params = JSON.parse(json);
    toolCalls.push({ name: params.name, at: Date.now() });
    try { return JSON.stringify({ result: await client.callTool(params) }); } catch (e) { return JSON.stringify({ error: String(e.message ?? e) }); }
  });
  await page.goto(hostUrl);
  const app = page.frameLocator("#app");
  // The frame alone (a full-page capture draws an out-of-process frame shifted).
  const shot = async (name) => {
    const file = path.join(plan.out_dir, `${name}.png`);
    await app.locator("body").evaluate(() => window.scrollTo(0, 0)); // clicks scroll the frame's document
    await page.locator("#app").screenshot({ path: file });
    out.screenshots[name] = file;
  };

  // The handshake and the first render: the alert of the profile with a pending login.
  const alert = app.locator(`.alert[data-profile-id="${plan.alert_profile_id}"]`);
  await alert.waitFor({ state: "visible" });
  const requests = (method) => appMessages.filter((m) => m.method === method);
  out.handshake = { initialize: requests("ui/initialize").map((m) => m.params), initialized: requests("ui/notifications/initialized").length };
  out.alert = {
    text: await alert.innerText(),
    background: await alert.evaluate((e) => getComputedStyle(e).backgroundColor),
    images_in_frame: await app.locator("img").count(),
    scripts_injected: await app.locator("script", { hasText: "pwned" }).count(),
    alerts_shown: await app.locator(".alert").count(),
    page_text: await app.locator("body").innerText(),
  };

  // "Scrape now" on the profile with cookies: trigger_scrape through the host, the outcome shown.
  const row = app.locator(`tr[data-profile-id="${plan.scrape_profile_id}"]`);
  await row.getByRole("button", { name: "Scrape now" }).click();
  await app.locator("#outcome", { hasText: "job_queued" }).waitFor();
  out.scrape = { outcome: await app.locator("#outcome").innerText(), job_cell: await row.locator("td.job").innerText() };

  // The worker finishes the job; the view updates by its own refresh, without a reload.
  const worker = spawn(plan.worker.command, plan.worker.args, { env: { ...process.env, ...plan.worker.env }, stdio: ["ignore", "pipe", "pipe"] });
  const workerExit = await new Promise((resolve) => worker.on("close", resolve));
  const refreshesBefore = toolCalls.filter((c) => c.name === "refresh_scrape_dashboard").length;
  await row.locator("td.job", { hasText: "done" }).waitFor({ timeout: 60_000 });
  out.after_worker = {
    worker_exit: workerExit,
    job_cell: await row.locator("td.job").innerText(),
    status_cell: await row.locator("td").nth(1).innerText(),
    timer_refreshes: toolCalls.filter((c) => c.name === "refresh_scrape_dashboard").length - refreshesBefore,
    initialize_count: requests("ui/initialize").length,
  };
  await shot("dashboard");

  // "Log in": a one-time entry link from request_credentials_entry, opened through ui/open-link.
  await alert.getByRole("button", { name: "Log in" }).click();
  await app.locator("#outcome", { hasText: "one-time sign-in page" }).waitFor();
  const link = openedLinks[0];
  const entry = link ? await fetch(link) : null;
  out.login = { opened: openedLinks, entry_status: entry?.status ?? null, entry_text: entry ? await entry.text() : null,
    outcome: await app.locator("#outcome").innerText() };

  // The host switches to dark: the alert takes the new warning colour.
  await page.evaluate((variables) => window.hostContextChanged({ theme: "dark", styles: { variables } }), DARK);
  await app.locator("html[data-theme=dark]").waitFor({ state: "attached" });
  out.dark = { background: await alert.evaluate((e) => getComputedStyle(e).backgroundColor) };
  await shot("dashboard-dark");

  // Teardown: the app answers, then calls nothing more (its refresh timer is stopped).
  const answer = await page.evaluate(() => window.teardownApp());
  const callsAtTeardown = toolCalls.length;
  await page.waitForTimeout(plan.refresh_seconds * 1000 + 3000);
  out.teardown = { answer, calls_after: toolCalls.length - callsAtTeardown };
  out.pwned = appMessages.filter((m) => m && m.pwned !== undefined);
} finally {
  await browser.close();
  server.close();
  await client.close().catch(() => {});
}
out.app_messages = appMessages.map((m) => m?.method ?? (m?.id !== undefined ? "response" : "other"));
out.tool_calls = toolCalls.map((c) => c.name);
out.server_stderr = serverStderr;
process.stdout.write(JSON.stringify(out));
