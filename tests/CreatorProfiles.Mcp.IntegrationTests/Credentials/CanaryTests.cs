using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CreatorProfiles.Mcp.Domain.Credentials;
using CreatorProfiles.Mcp.IntegrationTests.Golden;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using CreatorProfiles.Mcp.IntegrationTests.Maintenance;
using ModelContextProtocol.Client;
using Xunit.Abstractions;

namespace CreatorProfiles.Mcp.IntegrationTests.Credentials;

/// <summary>
/// Issue 5's canary test: credentials whose every value is a unique canary (<c>CANARY-&lt;run&gt;-...</c>) are stored
/// through the tools (create_creator_profile, set_profile_credentials, encrypt_credentials) and straight into
/// Directus in every legacy form; then EVERY tool that tools/list names is called with arguments derived from its
/// input schema (so tools added later are covered without touching this file), every resource and prompt is read,
/// through the C# SDK client (both protocol revisions) and the TypeScript SDK client, and `doctor` and the
/// maintenance commands run. No canary may appear in anything a client, a log or an operator sees: results,
/// resources, prompts, protocol errors and exception messages, the server's stderr, the commands' output, nor in
/// the golden files. A tool answering with an error is fine: only leaks matter.
/// </summary>
[Collection(CanaryDirectusCollection.Name)]
public sealed partial class CanaryTests(CanaryDirectus directus, ITestOutputHelper output) : IDisposable
{
    /// <summary>Results are scanned as JSON text with non-ASCII characters as they are, not \uXXXX-escaped, so a
    /// canary's unicode part matches too.</summary>
    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly string _run = RandomNumberGenerator.GetHexString(8, lowercase: true);
    private readonly List<string> _canaries = [];
    private readonly List<(string Where, string Text)> _seen = [];
    private readonly MaintenanceTestData _data = new(directus);
    private readonly List<string> _profiles = [];
    private readonly List<string> _legacy = [];
    private readonly Dictionary<string, string> _relatedIds = new(StringComparer.Ordinal);
    private int _calls;

    public void Dispose() => _data.Dispose();

    private string Marker => $"CANARY-{_run}";

    private string NewCanary(string what)
    {
        var value = $"{Marker}-{what}-{Guid.NewGuid():N}";
        _canaries.Add(value);
        return value;
    }

    private JsonObject CanaryCredentials() => new()
    {
        ["login"] = "canary-login",
        ["password"] = NewCanary("pw"),
        ["totp_secret"] = NewCanary("totp"),
        ["recovery"] = NewCanary("unicode-é-ключ-🔑"),
    };

    private void Seen(string where, string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            _seen.Add((where, text));
        }
    }

    [Trait("Category", "AotSmoke")]
    [Fact]
    public async Task No_canary_credential_appears_in_any_result_resource_prompt_log_command_output_or_golden_file()
    {
        var stackKey = directus.EncryptionKey;
        var newKey = MaintenanceTestData.NewKey();
        await FindRelatedIdsAsync();
        await PlantLegacyAsync();

        // 1. C# client, protocol 2025-11-25: store canaries through the tools, then call everything.
        await using (var session = await StdioSession.StartAsync(directus.ServerEnvironment(), "2025-11-25"))
        {
            await StoreCanariesAsync(session.Client);
            await SweepAsync(session.Client, "C# 2025-11-25");
            Seen("server stderr (C# 2025-11-25)", session.StandardError);
        }

        // 2. The TypeScript SDK client: the same calls, derived from the same tools/list.
        await PlantLegacyAsync();
        await SweepTypeScriptAsync();

        // 3. C# client, the SDK's default protocol revision.
        await PlantLegacyAsync();
        await using (var session = await StdioSession.StartAsync(directus.ServerEnvironment(), protocolVersion: null))
        {
            await SweepAsync(session.Client, "C# default protocol");
            Seen("server stderr (C# default protocol)", session.StandardError);
        }

        // 4. The commands an operator runs, over legacy canaries and canary envelopes (and one row that cannot be migrated).
        await PlantLegacyAsync();
        await CommandAsync("doctor", ["doctor"], stackKey, null);
        await CommandAsync("migrate-legacy --dry-run", ["credentials", "migrate-legacy", "--dry-run"], stackKey, null);
        await CommandAsync("migrate-legacy", ["credentials", "migrate-legacy"], stackKey, null);
        await CommandAsync("rotate --dry-run", ["credentials", "rotate", "--dry-run"], newKey, stackKey);
        await CommandAsync("rotate", ["credentials", "rotate"], newKey, stackKey);
        await CommandAsync("doctor (rotated)", ["doctor"], newKey, stackKey);

        // 5. After the rotation: the previous-key paths of the tools.
        var rotated = directus.ServerEnvironment();
        rotated["CREDENTIALS_ENC_KEY_B64"] = newKey;
        rotated[CredentialKeyring.PreviousKeysVariable] = stackKey;
        await PlantLegacyAsync();
        await using (var session = await StdioSession.StartAsync(rotated, "2025-11-25"))
        {
            await SweepAsync(session.Client, "C# after rotation");
            Seen("server stderr (C# after rotation)", session.StandardError);
        }

        // The canaries are really in there (or this test would prove nothing): decrypted in-process, one profile's.
        var stored = await _data.ColumnAsync(MaintenanceTestData.ProfilesCollection, "credentials");
        var opened = MaintenanceTestData.Cipher(newKey, stackKey).Decrypt(stored[_profiles[0]]);
        Assert.Contains(opened.Credentials.Values, v => v.StartsWith(Marker, StringComparison.Ordinal));
        Assert.True(_calls >= 20, $"only {_calls} tool calls were made");

        AssertNoLeak(newKey);
        output.WriteLine($"canary run {_run}: {_canaries.Count} canary values, {_calls} tool calls, {_seen.Count} outputs scanned ({_seen.Sum(s => s.Text.Length)} characters)");
    }

    private void AssertNoLeak(string newKey)
    {
        var secrets = _canaries.Select((c, i) => ($"canary #{i + 1}", c))
            .Concat(_canaries.Select((c, i) => ($"the end of canary #{i + 1}", c[^12..])))
            .Append(("the canary marker", Marker))
            .Append(("a seeded secret", "SEEDCANARY"))
            .Append(("the rotated-to key", newKey))
            .Concat(directus.Stack.Where(p => p.Key.EndsWith("_TOKEN", StringComparison.Ordinal) || p.Key.Contains("KEY", StringComparison.Ordinal)).Select(p => (p.Key, p.Value)))
            .ToList();
        var leaks = _seen
            .SelectMany(s => secrets.Where(secret => s.Text.Contains(secret.Item2, StringComparison.Ordinal)).Select(secret => $"{s.Where}: {secret.Item1}"))
            .Distinct()
            .ToList();
        Assert.True(leaks.Count == 0, "secrets seen in:\n" + string.Join('\n', leaks)); // names where, never the value

        var goldenFiles = Directory.EnumerateFiles(ToolCatalogTests.SnapshotsRoot, "*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(RepoPaths.IntegrationTestsDir, "Transcripts"), "*", SearchOption.AllDirectories))
            .ToList();
        Assert.NotEmpty(goldenFiles);
        var leakingFiles = goldenFiles.Where(f => File.ReadAllText(f) is var text && (text.Contains("CANARY", StringComparison.Ordinal) || text.Contains(_run, StringComparison.Ordinal))).ToList();
        Assert.True(leakingFiles.Count == 0, "golden files holding a canary: " + string.Join(", ", leakingFiles.Select(f => Path.GetRelativePath(RepoPaths.IntegrationTestsDir, f))));
    }

    // ---- data ---------------------------------------------------------------------------------------------------

    /// <summary>Four profiles whose credentials are canaries in legacy forms (created once, reset before each phase,
    /// since the sweeps overwrite them with set_profile_credentials): a plaintext object, a "user:password" string, a
    /// bare "v1:..." string, and an object with a number that no command can migrate.</summary>
    private async Task PlantLegacyAsync()
    {
        JsonNode[] values =
        [
            new JsonObject { ["login"] = "canary-login", ["password"] = NewCanary("legacy-obj") },
            JsonValue.Create($"canary-login:{NewCanary("legacy-pair")}"),
            MaintenanceTestData.LegacyEncrypted(MaintenanceTestData.Cipher(directus.EncryptionKey), new Dictionary<string, string> { ["password"] = NewCanary("legacy-enc") }),
            new JsonObject { ["password"] = NewCanary("legacy-bad"), ["pin"] = 1234 },
        ];
        for (var i = 0; i < values.Length; i++)
        {
            if (_legacy.Count <= i)
            {
                _legacy.Add(await _data.CreateProfileAsync(values[i], "canary"));
            }
            else
            {
                await _data.SetAsync(MaintenanceTestData.ProfilesCollection, _legacy[i], "credentials", values[i]);
            }
        }
    }

    /// <summary>Seeded ids for uuid arguments other than a profile's (job, HITL, session, media), by name prefix.</summary>
    private async Task FindRelatedIdsAsync()
    {
        foreach (var (prefix, collection) in new[] { ("job", "media_jobs"), ("hitl", "hitl_sessions"), ("session", "platform_sessions"), ("media", "scraped_media") })
        {
            if ((await directus.Rest.ItemsAsync(collection, fields: "id")).FirstOrDefault() is { } row)
            {
                _relatedIds[prefix] = (string)row["id"]!;
            }
        }
    }

    private async Task StoreCanariesAsync(McpClient client)
    {
        var created = await CallAsync(client, "store", "create_creator_profile", new JsonObject { ["platform"] = "onlyfans", ["username"] = Username(), ["credentials"] = CanaryCredentials() });
        _profiles.Add((string)created["structuredContent"]!["id"]!);
        var bare = await CallAsync(client, "store", "create_creator_profile", new JsonObject { ["platform"] = "fansly", ["username"] = Username() });
        _profiles.Add((string)bare["structuredContent"]!["id"]!);
        await CallAsync(client, "store", "set_profile_credentials", new JsonObject { ["profile_id"] = _profiles[1], ["credentials"] = CanaryCredentials() });
        await CallAsync(client, "store", "encrypt_credentials", new JsonObject { ["credentials"] = CanaryCredentials() });

        // Refused inputs that carry canaries: the refusals must not quote them.
        await CallAsync(client, "refused", "set_profile_credentials", new JsonObject { ["profile_id"] = _profiles[1], ["credentials"] = new JsonObject { ["password"] = NewCanary("too-long") + new string('x', 9000) } });
        await CallAsync(client, "refused", "set_profile_credentials", new JsonObject { ["profile_id"] = _profiles[1], ["credentials"] = new JsonObject { ["password"] = NewCanary("with-number"), ["pin"] = 1234 } });
        await CallAsync(client, "refused", "set_profile_credentials", new JsonObject { ["profile_id"] = "not-a-uuid", ["credentials"] = CanaryCredentials() });
        await CallAsync(client, "refused", "set_profile_credentials", new JsonObject { ["profile_id"] = _profiles[1], ["credentials"] = new JsonObject { ["bad name!"] = NewCanary("bad-name") } });
        await CallAsync(client, "refused", "create_creator_profile", new JsonObject { ["platform"] = "onlyfans", ["username"] = "bad username!", ["credentials"] = CanaryCredentials() });
        await CallAsync(client, "refused", "create_creator_profile", new JsonObject { ["platform"] = "myspace", ["username"] = Username(), ["credentials"] = CanaryCredentials() });
        await CallAsync(client, "refused", "encrypt_credentials", new JsonObject { ["credentials"] = new JsonObject { ["password"] = null, ["totp"] = NewCanary("beside-null") } });
        await CallAsync(client, "refused", "encrypt_credentials", new JsonObject { ["credentials"] = JsonValue.Create(NewCanary("not-an-object")) });
        Assert.Equal(2, _profiles.Count);
    }

    private static string Username() => $"canary_{Guid.NewGuid():N}"[..24];

    // ---- the sweep: every tool, resource and prompt ---------------------------------------------------------------

    private async Task<JsonObject> CallAsync(McpClient client, string where, string tool, JsonObject arguments)
    {
        _calls++;
        try
        {
            var result = await client.CallToolRawAsync(tool, arguments);
            Seen($"{where}: {tool} result", result.ToJsonString(Unescaped));
            return result;
        }
        catch (Exception e)
        {
            Seen($"{where}: {tool} exception", e.ToString());
            return [];
        }
    }

    private async Task<T?> RequestAsync<T>(McpClient client, string where, string method, JsonObject parameters, Func<JsonObject, T> read)
    {
        try
        {
            var result = await client.RequestAsync(method, parameters);
            Seen($"{where}: {method}", result.ToJsonString(Unescaped));
            return read(result);
        }
        catch (Exception e)
        {
            Seen($"{where}: {method} exception", e.ToString());
            return default;
        }
    }

    private IEnumerable<string> ProfileIds => _profiles.Concat(_legacy);

    /// <summary>Each tool with the arguments to call it with: for a tool that takes a profile id, once per canary
    /// profile with every argument and once with only the required ones; otherwise once each way. Read-only tools
    /// come first, so they see the legacy values before a write replaces them.</summary>
    private List<(string Tool, JsonObject Arguments)> Plan(IReadOnlyList<JsonObject> tools)
    {
        var plan = new List<(string, JsonObject)>();
        foreach (var tool in tools.OrderBy(t => (bool?)t["annotations"]?["readOnlyHint"] == true ? 0 : 1))
        {
            var name = (string)tool["name"]!;
            var schema = tool["inputSchema"] as JsonObject ?? [];
            var properties = schema["properties"] as JsonObject ?? [];
            if (properties.Any(p => IsProfileId(p.Key)))
            {
                plan.AddRange(ProfileIds.Select(id => (name, Arguments(schema, id, everything: true))));
                plan.Add((name, Arguments(schema, _profiles[0], everything: false)));
            }
            else
            {
                plan.Add((name, Arguments(schema, _profiles[0], everything: false)));
                plan.Add((name, Arguments(schema, _profiles[0], everything: true)));
            }
        }

        return plan;
    }

    private static bool IsProfileId(string name) => name is "id" or "profile_id";

    private JsonObject Arguments(JsonObject schema, string profileId, bool everything)
    {
        var required = (schema["required"] as JsonArray ?? []).Select(r => (string)r!).ToHashSet(StringComparer.Ordinal);
        var arguments = new JsonObject();
        foreach (var (name, property) in schema["properties"] as JsonObject ?? [])
        {
            if ((everything || required.Contains(name)) && property is JsonObject propertySchema && Value(name, propertySchema, profileId) is { } value)
            {
                arguments[name] = value;
            }
        }

        return arguments;
    }

    /// <summary>A valid value for one argument, from its name and schema: a canary profile's id for id/profile_id,
    /// canary credentials for an object of strings (credentials, cookies), the first enum value, the default or
    /// minimum of a number, true for a flag, a seeded row's id for other ids, a string that fits the pattern.</summary>
    private JsonNode? Value(string name, JsonObject schema, string profileId)
    {
        if (IsProfileId(name))
        {
            return profileId;
        }

        if (schema["enum"] is JsonArray { Count: > 0 } values)
        {
            return values[0]?.DeepClone();
        }

        var type = schema["type"] switch
        {
            JsonArray types => types.Select(t => (string?)t).FirstOrDefault(t => t != "null"),
            var t => (string?)t,
        };
        switch (type)
        {
            case "object":
                return name.Contains("credential", StringComparison.Ordinal) || name.Contains("cookie", StringComparison.Ordinal)
                    || (string?)schema["additionalProperties"]?["type"] == "string"
                    ? CanaryCredentials()
                    : new JsonObject();
            case "boolean":
                return true;
            case "integer" or "number":
                return schema["default"]?.DeepClone() ?? schema["minimum"]?.DeepClone() ?? JsonValue.Create(1);
            case "array":
                return new JsonArray();
            case "string":
                return StringValue(name, schema);
            default:
                return null;
        }
    }

    private JsonNode? StringValue(string name, JsonObject schema)
    {
        if (name == "cursor")
        {
            return null; // only ever one a server made
        }

        if ((string?)schema["format"] == "uuid")
        {
            return name == "user_id"
                ? directus.Stack["ADMIN_USER_ID"]
                : _relatedIds.FirstOrDefault(p => name.StartsWith(p.Key, StringComparison.Ordinal)).Value ?? Guid.NewGuid().ToString();
        }

        if ((string?)schema["format"] == "date-time")
        {
            return DateTimeOffset.UtcNow.ToString("O");
        }

        string[] candidates = name switch
        {
            "platform" => ["onlyfans"],
            _ when name.Contains("username", StringComparison.Ordinal) || name.Contains("handle", StringComparison.Ordinal) => [Username()],
            _ => ["canary test", "canary_test", "x", "1"],
        };
        var pattern = (string?)schema["pattern"];
        return candidates.FirstOrDefault(c => pattern is null || Regex.IsMatch(c, pattern)) ?? candidates[0];
    }

    private async Task SweepAsync(McpClient client, string where)
    {
        var tools = new List<JsonObject>();
        string? cursor = null;
        do
        {
            var page = await client.RequestAsync("tools/list", cursor is null ? [] : new JsonObject { ["cursor"] = cursor });
            Seen($"{where}: tools/list", page.ToJsonString(Unescaped));
            tools.AddRange(page["tools"]!.AsArray().Select(t => t!.AsObject()));
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);

        foreach (var (tool, arguments) in Plan(tools))
        {
            await CallAsync(client, where, tool, arguments);
        }

        foreach (var uri in await ResourceUrisAsync(client, where))
        {
            await RequestAsync(client, where, "resources/read", new JsonObject { ["uri"] = uri }, r => r);
        }

        foreach (var (prompt, arguments) in await PromptsAsync(client, where))
        {
            await RequestAsync(client, where, "prompts/get", new JsonObject { ["name"] = prompt, ["arguments"] = arguments }, r => r);
        }
    }

    private async Task<List<string>> ResourceUrisAsync(McpClient client, string where)
    {
        var uris = await RequestAsync(client, where, "resources/list", [], r => r["resources"]!.AsArray().Select(x => (string)x!["uri"]!).ToList()) ?? [];
        var templates = await RequestAsync(client, where, "resources/templates/list", [], r => r["resourceTemplates"]!.AsArray().Select(x => (string)x!["uriTemplate"]!).ToList()) ?? [];
        foreach (var template in templates)
        {
            uris.AddRange(ProfileIds.Select(id => TemplateVariable().Replace(template, id)));
        }

        return uris;
    }

    private async Task<List<(string Name, JsonObject Arguments)>> PromptsAsync(McpClient client, string where)
    {
        var prompts = await RequestAsync(client, where, "prompts/list", [], r => r["prompts"]!.AsArray().Select(p => p!.AsObject()).ToList()) ?? [];
        var calls = new List<(string, JsonObject)>();
        foreach (var prompt in prompts)
        {
            var all = new JsonObject();
            var required = new JsonObject();
            foreach (var argument in prompt["arguments"] as JsonArray ?? [])
            {
                var name = (string)argument!["name"]!;
                string value = IsProfileId(name) || name.EndsWith("_id", StringComparison.Ordinal) ? _profiles[0] : name == "platform" ? "onlyfans" : "canary test";
                all[name] = value;
                if ((bool?)argument["required"] == true)
                {
                    required[name] = value;
                }
            }

            calls.Add(((string)prompt["name"]!, required));
            calls.Add(((string)prompt["name"]!, all));
        }

        return calls;
    }

    private async Task SweepTypeScriptAsync()
    {
        // The tool list and prompts as the C# client sees them; the TypeScript client makes its own requests for them.
        List<JsonObject> tools;
        List<string> uris;
        List<(string Name, JsonObject Arguments)> prompts;
        await using (var session = await StdioSession.StartAsync(directus.ServerEnvironment(), "2025-11-25"))
        {
            tools = (await session.Client.RequestAsync("tools/list", []))["tools"]!.AsArray().Select(t => t!.AsObject()).ToList();
            uris = await ResourceUrisAsync(session.Client, "TypeScript (listing via C#)");
            prompts = await PromptsAsync(session.Client, "TypeScript (listing via C#)");
            Seen("server stderr (listing for TypeScript)", session.StandardError);
        }

        var plan = Plan(tools);
        _calls += plan.Count;
        var steps = new List<TypeScriptClient.Step> { new(ListTools: true) };
        steps.Add(new("create_creator_profile", new JsonObject { ["platform"] = "onlyfans", ["username"] = Username(), ["credentials"] = CanaryCredentials() }));
        steps.Add(new("encrypt_credentials", new JsonObject { ["credentials"] = CanaryCredentials() }));
        steps.AddRange(plan.Select(p => new TypeScriptClient.Step(p.Tool, p.Arguments)));
        steps.AddRange(uris.Select(uri => new TypeScriptClient.Step { ReadResource = uri }));
        steps.AddRange(prompts.Select(p => new TypeScriptClient.Step(Arguments: p.Arguments) { GetPrompt = p.Name }));

        var result = await TypeScriptClient.RunAsync(directus.ServerEnvironment(), [.. steps]);
        Seen("TypeScript client output", result.RawOutput);
        Seen("server stderr (TypeScript)", result.ServerStandardError);
        Assert.Equal(steps.Count, result.Steps.Count);
    }

    // ---- commands -----------------------------------------------------------------------------------------------

    private async Task CommandAsync(string what, string[] args, string key, string? previousKeys)
    {
        var environment = directus.ServerEnvironment();
        environment["CREDENTIALS_ENC_KEY_B64"] = key;
        environment[CredentialKeyring.PreviousKeysVariable] = previousKeys;
        var (command, arguments) = ServerCommand.Get(args);
        var result = await ProcessRunner.RunAsync(command, arguments, environment, timeout: TimeSpan.FromMinutes(3));
        Seen($"`{what}` stdout", result.StandardOutput);
        Seen($"`{what}` stderr", result.StandardError);
        output.WriteLine($"--- {what}: exit {result.ExitCode}\n{result.StandardOutput}");
        if (what == "migrate-legacy")
        {
            Assert.Equal(1, result.ExitCode); // the legacy object with a number cannot be migrated: reported, by id
            Assert.Contains(_legacy[3], result.StandardOutput);
        }
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex TemplateVariable();
}
