// Runs one MCP session with the official TypeScript SDK client and prints what happened as JSON.
// Input (stdin): {"server": {"command", "args", "env"}                          (stdio: starts the server)
//                         | {"url", "transport": "streamable" | "sse", "headers"} (HTTP: connects to a running server;
//                            "streamable" = StreamableHTTPClientTransport, "sse" = the legacy SSEClientTransport;
//                            headers such as Authorization go on every request, via requestInit),
//                 "steps": [{"list_tools": true} | {"tool": name, "arguments": {...}}
//                | {"walk": name, "arguments": {...}}   (follow next_cursor to the end; the result is {pages: [...]})
//                | {"list_resources": true} | {"list_resource_templates": true} | {"read_resource": uri}
//                | {"list_prompts": true} | {"get_prompt": name, "arguments": {...}}
//                | {"subscribe": uri} | {"wait_updated": uri, "timeout_ms": n}   (resources/subscribe; wait for
//                  notifications/resources/updated of uri, the result is {updated: bool, uris: [every uri notified so far]})]}
// Output (stdout): {"server_info", "protocol_version", "session_id", "steps": [result...], "stderr": "<server's stderr>"}
//   (stderr only for stdio; session_id only for Streamable HTTP, null when the server is stateless), or, when the
//   connection itself fails (e.g. HTTP 401), {"connect_error": {"name", "code", "message"}, "steps": [], "stderr"}.
// A tool error is a result (isError: true), not a failure of this script; a protocol error is recorded per step.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { ResourceUpdatedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";

const readStdin = async () => {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
};

const createTransport = (server) => {
  if (!server.url) {
    return new StdioClientTransport({ command: server.command, args: server.args ?? [], env: server.env ?? {}, stderr: "pipe" });
  }
  const options = { requestInit: { headers: server.headers ?? {} } };
  switch (server.transport ?? "streamable") {
    case "streamable": return new StreamableHTTPClientTransport(new URL(server.url), options);
    case "sse": return new SSEClientTransport(new URL(server.url), options);
    default: throw new Error(`unknown transport ${server.transport}`);
  }
};

const plan = await readStdin();
const transport = createTransport(plan.server);
let stderr = "";
transport.stderr?.on("data", (d) => { stderr += d.toString("utf8"); });

const client = new Client({ name: "creatorprofiles-ts-test-client", version: "1.0.0" });
try {
  await client.connect(transport);
} catch (e) {
  // StreamableHTTPError and SseError carry the HTTP status as code.
  const connect_error = { name: e.constructor?.name ?? null, code: e.code ?? null, message: String(e.message ?? e) };
  process.stdout.write(JSON.stringify({ connect_error, steps: [], stderr }));
  await transport.close().catch(() => {});
  process.exit(0);
}

const updatedUris = [];
client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => { updatedUris.push(n.params.uri); });
const waitUpdated = async (uri, timeoutMs) => {
  const deadline = Date.now() + (timeoutMs ?? 15000);
  while (!updatedUris.includes(uri) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return { updated: updatedUris.includes(uri), uris: [...updatedUris] };
};

const results = [];
for (const step of plan.steps) {
  try {
    if (step.list_tools) {
      results.push(await client.listTools());
    } else if (step.list_resources) {
      results.push(await client.listResources());
    } else if (step.list_resource_templates) {
      results.push(await client.listResourceTemplates());
    } else if (step.read_resource) {
      results.push(await client.readResource({ uri: step.read_resource }));
    } else if (step.list_prompts) {
      results.push(await client.listPrompts());
    } else if (step.get_prompt) {
      results.push(await client.getPrompt({ name: step.get_prompt, arguments: step.arguments ?? {} }));
    } else if (step.subscribe) {
      results.push(await client.subscribeResource({ uri: step.subscribe }));
    } else if (step.wait_updated) {
      results.push(await waitUpdated(step.wait_updated, step.timeout_ms));
    } else if (step.walk) {
      const pages = [];
      let cursor;
      do {
        const page = await client.callTool({ name: step.walk, arguments: { ...step.arguments, ...(cursor ? { cursor } : {}) } });
        pages.push(page);
        cursor = page.isError ? undefined : page.structuredContent?.next_cursor;
      } while (cursor && pages.length < 1000);
      results.push({ pages });
    } else {
      results.push(await client.callTool({ name: step.tool, arguments: step.arguments ?? {} }));
    }
  } catch (e) {
    results.push({ protocol_error: { code: e.code ?? null, message: String(e.message ?? e) } });
  }
}

const output = {
  server_info: client.getServerVersion(),
  protocol_version: transport.protocolVersion ?? transport._protocolVersion ?? null, // SSEClientTransport keeps it private
  session_id: transport.sessionId ?? null,
  steps: results,
};
await client.close();
output.stderr = stderr;
process.stdout.write(JSON.stringify(output));
