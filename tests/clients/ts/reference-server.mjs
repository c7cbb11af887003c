// A Node reference MCP server: the measuring stick of the benchmark (tests/bench.sh, docs/performance.md), not part
// of the product. The performance contract compares our Native AOT server's cold start and idle memory with "a Node
// reference MCP server measured in the same run"; this is that server: the official TypeScript SDK's McpServer on its
// StdioServerTransport, two trivial tools, nothing else (no network, no files, no state). Run by the system `node`
// from this folder's node_modules (`npm ci` here), e.g. `node tests/clients/ts/reference-server.mjs`.
//
// Tools: `echo` (returns its `text`) and `add` (returns `a + b`). The benchmark's "a get and a list" for this server is a
// tools/list and one `echo` call. Logs nothing; stdout carries only JSON-RPC. The process exits when stdin ends.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const server = new McpServer({ name: "node-reference-server", version: "1.0.0" });

server.registerTool("echo", {
  title: "Echo",
  description: "Returns the text it is given.",
  inputSchema: { text: z.string() },
  annotations: { readOnlyHint: true },
}, async ({ text }) => ({ content: [{ type: "text", text }] }));

server.registerTool("add", {
  title: "Add",
  description: "Returns the sum of two numbers.",
  inputSchema: { a: z.number(), b: z.number() },
  annotations: { readOnlyHint: true },
}, async ({ a, b }) => ({ content: [{ type: "text", text: String(a + b) }] }));

await server.connect(new StdioServerTransport());
