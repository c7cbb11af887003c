using System.Globalization;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace CreatorProfiles.Mcp.Benchmarks;

internal sealed partial class Bench
{
    /// <summary>
    /// Directus requests per read tool, counted by a reverse proxy between a stdio server and Directus (and, when the
    /// build has it, an HTTP server). The get and list requests recorded here are the ones the REST baseline and
    /// Directus's /mcp repeat. The first call of a process also looks up who the token belongs to; it is its own row.
    /// </summary>
    private async Task ReadRoundTripsAsync(CancellationToken cancellationToken)
    {
        await using var proxy = await CountingProxy.StartAsync(_stack.DirectusUrl);
        var (client, _, stderr) = await Mcp.StartStdioAsync(Serve, _stack.ServerEnvironment(proxy.Url), _options.ProtocolVersion, cancellationToken);
        await using (client)
        {
            try
            {
                Record("(initialize)", "process start + handshake", "stdio", proxy.Take());
                var first = await client.CallAsync(GetTool, GetArguments(), cancellationToken);
                Record(GetTool, "first call of a process (+ who owns the token)", "stdio", proxy.Take());

                var details = first.Structured()!;
                var profile = details["profile"]!;
                var jobId = (string?)details["latest_job"]?["id"];
                var username = (string)profile["untrusted"]!["username"]!; // read back from Directus: marked untrusted

                await CountAsync(client, proxy, GetTool, GetArguments(), "one profile", cancellationToken);
                GetRequests = ItemReads(GetTool);
                await CountAsync(client, proxy, ListTool, ListArguments(), "default page", cancellationToken);
                ListRequests = ItemReads(ListTool);

                await CountAsync(client, proxy, "search_creator_profiles",
                    new() { ["platform"] = (string)profile["platform"]!, ["query"] = username[..Math.Min(5, username.Length)] }, "substring", cancellationToken);
                await CountAsync(client, proxy, "get_profile_stats", [], "", cancellationToken);
                if (jobId is not null)
                {
                    await CountAsync(client, proxy, "get_media_job", new() { ["id"] = jobId }, "", cancellationToken);
                }

                await CountAsync(client, proxy, "list_media_jobs", new() { ["profile_id"] = TargetId }, "one profile", cancellationToken);
                await CountAsync(client, proxy, "list_hitl_sessions", [], "pending (default)", cancellationToken);
                await CountAsync(client, proxy, "list_scraped_media", new() { ["profile_id"] = TargetId }, "one profile", cancellationToken);
                await CountAsync(client, proxy, "get_credentials_status", new() { ["profile_id"] = TargetId }, "", cancellationToken);
                await CountAsync(client, proxy, "get_credentials_status", new() { ["profile_id"] = TargetId, ["verify"] = true }, "verify", cancellationToken);
                await CountAsync(client, proxy, "encrypt_credentials",
                    new() { ["credentials"] = new JsonObject { ["username"] = "bench", ["password"] = "bench-password" } }, "", cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new InvalidOperationException($"round trips: {e.Message}\nstdio server stderr:\n{stderr}", e);
            }
        }

        await using var http = await TryStartHttpAsync(Serve, _stack.ServerEnvironment(proxy.Url), cancellationToken);
        if (http is not null)
        {
            _ = proxy.Take(); // start-up requests, if any, are not a tool's
            await using var client2 = await ConnectOursHttpAsync(http, cancellationToken);
            Record("(initialize)", "HTTP handshake (checks the caller's token; cached)", "http", proxy.Take());
            await CountAsync(client2, proxy, GetTool, GetArguments(), "one profile", cancellationToken, "http");
            await CountAsync(client2, proxy, ListTool, ListArguments(), "default page", cancellationToken, "http");
        }

        Log($"round trips (reads) counted; get = GET {Mcp.Shorten(string.Join(" + GET ", GetRequests), 160)}");
    }

    /// <summary>
    /// Directus requests per write tool, through the proxy, on a profile the harness creates itself (at the end of the
    /// run, since writes change the data the other measurements read): every trigger_scrape outcome in turn.
    /// </summary>
    private async Task WriteRoundTripsAsync(CancellationToken cancellationToken)
    {
        await using var proxy = await CountingProxy.StartAsync(_stack.DirectusUrl);
        var (client, _, stderr) = await Mcp.StartStdioAsync(Serve, _stack.ServerEnvironment(proxy.Url), _options.ProtocolVersion, cancellationToken);
        await using (client)
        {
            try
            {
                await client.CallAsync(ListTool, new JsonObject { ["limit"] = 1 }, cancellationToken); // the caller lookup
                _ = proxy.Take();

                var username = "bench_" + Guid.NewGuid().ToString("N")[..8];
                var created = await CountAsync(client, proxy, "create_creator_profile",
                    new() { ["platform"] = "onlyfans", ["username"] = username }, "new", cancellationToken);
                var id = (string)created!["id"]!;
                await CountAsync(client, proxy, "create_creator_profile",
                    new() { ["platform"] = "onlyfans", ["username"] = username.ToUpperInvariant() }, "duplicate (refused)", cancellationToken, allowError: true);
                await CountAsync(client, proxy, "update_scrape_status", new() { ["id"] = id, ["status"] = "error", ["error"] = "bench" }, "error", cancellationToken);
                await CountAsync(client, proxy, "set_profile_active", new() { ["id"] = id, ["is_active"] = true }, "", cancellationToken);
                await TriggerAsync(client, proxy, id, "hitl_required", cancellationToken);
                await TriggerAsync(client, proxy, id, "hitl_required", cancellationToken, "reused HITL request");

                // Cookies that expire in a week, stored directly (not a tool of ours): now a scrape can run without a human.
                var envelope = (await client.CallAsync("encrypt_credentials",
                    new JsonObject { ["credentials"] = new JsonObject { ["sess"] = "bench" } }, cancellationToken)).Structured()!;
                _ = proxy.Take();
                using (var insert = await _rest.PostAsync("items/platform_sessions", Json(new JsonObject
                       {
                           ["profile_id"] = id,
                           ["user_id"] = (string?)created["user_id"],
                           ["platform"] = "onlyfans",
                           ["cookies"] = new JsonObject { ["enc"] = (string)envelope["enc"]! },
                           ["expires_at"] = DateTimeOffset.UtcNow.AddDays(7).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                       }), cancellationToken))
                {
                    await EnsureAsync(insert, "POST /items/platform_sessions", cancellationToken);
                }

                await TriggerAsync(client, proxy, id, "job_queued", cancellationToken, "common case; resolves the pending HITL");
                await TriggerAsync(client, proxy, id, "already_queued", cancellationToken);
                await CountAsync(client, proxy, "update_scrape_status", new() { ["id"] = id, ["status"] = "success" }, "success", cancellationToken);
                await TriggerAsync(client, proxy, id, "cooldown", cancellationToken);
                await CountAsync(client, proxy, "set_profile_credentials",
                    new() { ["profile_id"] = id, ["credentials"] = new JsonObject { ["password"] = "bench-password" } }, "", cancellationToken);
                await CountAsync(client, proxy, "request_credentials_entry", new() { ["profile_id"] = id }, "link only (form not submitted)", cancellationToken);
                await CountAsync(client, proxy, "set_profile_active", new() { ["id"] = id, ["is_active"] = false }, "", cancellationToken);
                await TriggerAsync(client, proxy, id, "inactive", cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new InvalidOperationException($"round trips (writes): {e.Message}\nstdio server stderr:\n{stderr}", e);
            }
        }

        Log("round trips (writes) counted");
    }

    private async Task TriggerAsync(McpClient client, CountingProxy proxy, string id, string expected, CancellationToken cancellationToken, string? note = null)
    {
        var result = await CountAsync(client, proxy, "trigger_scrape", new() { ["id"] = id }, expected + (note is null ? "" : ", " + note), cancellationToken);
        var outcome = (string?)result?["outcome"];
        if (outcome != expected)
        {
            throw new InvalidOperationException($"trigger_scrape answered '{outcome}', the harness expected '{expected}': {Mcp.Shorten(result?.ToJsonString() ?? "")}");
        }
    }

    /// <summary>Calls a tool and records the Directus requests it made; returns its structured result.</summary>
    private async Task<JsonNode?> CountAsync(McpClient client, CountingProxy proxy, string tool, JsonObject arguments, string @case,
        CancellationToken cancellationToken, string transport = "stdio", bool allowError = false)
    {
        _ = proxy.Take();
        CallToolResult result;
        if (allowError)
        {
            result = await client.CallToolAsync(new CallToolRequestParams { Name = tool, Arguments = Mcp.ToArguments(arguments) }, cancellationToken);
        }
        else
        {
            result = await client.CallAsync(tool, arguments, cancellationToken);
        }

        var requests = proxy.Take();
        Record(tool, @case, transport, requests);
        return result.IsError == true ? null : result.Structured();
    }

    private void Record(string tool, string @case, string transport, List<ProxiedRequest> requests) =>
        Results.RoundTrips.Add(new RoundTripRow(tool, @case, transport, requests));

    /// <summary>The item reads the last recorded call made: what the REST baseline and Directus's /mcp repeat.</summary>
    private List<string> ItemReads(string tool)
    {
        var row = Results.RoundTrips[^1];
        var reads = row.Requests.Select(r => r.PathAndQuery).ToList();
        if (reads.Count == 0 || row.Requests.Any(r => r.Method != "GET" || !r.PathAndQuery.StartsWith("/items/", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"{tool}: expected only GET /items/... requests to Directus, got: "
                + string.Join("; ", row.Requests.Select(r => $"{r.Method} {r.PathAndQuery}")));
        }

        return reads;
    }
}
