using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Golden;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using ModelContextProtocol;

namespace CreatorProfiles.Mcp.IntegrationTests.Host;

/// <summary>
/// --read-only and --toolsets over the real stdio server: a tool that is off is absent from tools/list and a call to
/// it by name is a tool error that says why (before any Directus request); read tools, resources and prompts keep
/// working; a bad toolset name stops the server at start.
/// </summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class ToolModesTests(LocalDirectus directus)
{
    private static readonly string[] ReadTools =
    [
        "list_creator_profiles", "get_creator_profile", "search_creator_profiles", "get_profile_stats",
        "get_media_job", "list_media_jobs", "list_hitl_sessions", "list_scraped_media",
        "get_credentials_status", "encrypt_credentials",
    ];

    private static readonly string[] ProfileTools =
    [
        "list_creator_profiles", "get_creator_profile", "search_creator_profiles", "get_profile_stats",
        "create_creator_profile", "update_scrape_status", "set_profile_active",
    ];

    /// <summary>Each write tool with arguments it would accept: the refusal must not depend on them being wrong.</summary>
    private static Dictionary<string, object> WriteCalls(string profileId) => new()
    {
        ["create_creator_profile"] = new { platform = "fansly", username = "readonly_" + Guid.NewGuid().ToString("N")[..8] },
        ["update_scrape_status"] = new { id = profileId, status = "error", error = "read-only test" },
        ["set_profile_active"] = new { id = profileId, is_active = false },
        ["trigger_scrape"] = new { id = profileId, force = true },
        ["set_profile_credentials"] = new { profile_id = profileId, credentials = new { email = "ro@example.com" } },
        ["request_credentials_entry"] = new { profile_id = profileId },
    };

    [Theory]
    [InlineData("2025-11-25")]
    [InlineData(null)] // the C# SDK's default revision (2026-07-28)
    public async Task Read_only_lists_only_read_tools_and_refuses_each_write_tool_by_name(string? protocolVersion)
    {
        var profileId = await directus.Rest.ProfileIdAsync("bob_builder");
        var before = await ProfileAndJobsAsync(profileId);
        await using var session = await StdioSession.StartAsync(directus.ServerEnvironment(), protocolVersion, "--read-only");

        var tools = await session.Client.ListToolsAsync();

        Assert.Equal(ReadTools.Order(), tools.Select(t => t.Name).Order());
        Assert.All(tools, t => Assert.True(t.ProtocolTool.Annotations?.ReadOnlyHint, $"{t.Name} is listed in --read-only mode"));
        foreach (var (tool, arguments) in WriteCalls(profileId))
        {
            var result = await session.Client.CallAsync(tool, arguments);
            Assert.True(result.IsError, $"{tool} ran in --read-only mode: {result.Text()}");
            Assert.Equal($"Tool '{tool}' is not available: the server runs with --read-only (write tools are off).", result.Text());
        }

        // Nothing was written, and reading still works: tools, resources, prompts.
        Assert.Equal(before, await ProfileAndJobsAsync(profileId));
        Assert.Equal("bob_builder", (string?)(await session.Client.CallAsync("get_creator_profile", new { id = profileId })).Structured()["profile"]!["untrusted"]!["username"]);
        Assert.Contains(await session.Client.ListResourceTemplatesAsync(), t => t.UriTemplate == "creatorprofiles://profiles/{id}");
        Assert.Contains(await session.Client.ListPromptsAsync(), p => p.Name == "triage_failed_scrapes");
        Assert.DoesNotContain("   at ", session.StandardError);
    }

    [Fact]
    public async Task Toolsets_profiles_lists_only_the_profile_tools_and_refuses_a_scrape_tool()
    {
        await using var session = await StdioSession.StartAsync(ToolCatalog.Environment, "2025-11-25", "--toolsets", "profiles");

        var tools = await session.Client.ListToolsAsync();
        var trigger = await session.Client.CallAsync("trigger_scrape", new { id = Guid.NewGuid() });
        var job = await session.Client.CallAsync("get_media_job", new { id = Guid.NewGuid() });

        Assert.Equal(ProfileTools.Order(), tools.Select(t => t.Name).Order());
        Assert.True(trigger.IsError);
        Assert.Equal("Tool 'trigger_scrape' is not available: toolset 'scrapes' is not enabled (--toolsets profiles).", trigger.Text());
        Assert.True(job.IsError);
        Assert.Equal("Tool 'get_media_job' is not available: toolset 'scrapes' is not enabled (--toolsets profiles).", job.Text());
    }

    [Fact]
    public async Task Both_switches_combine_and_a_refusal_gives_every_reason()
    {
        await using var session = await StdioSession.StartAsync(ToolCatalog.Environment, "2025-11-25", "--read-only", "--toolsets", "credentials,scrapes");

        var tools = await session.Client.ListToolsAsync();
        var create = await session.Client.CallAsync("create_creator_profile", new { platform = "fansly", username = "x" });
        var store = await session.Client.CallAsync("set_profile_credentials", new { profile_id = Guid.NewGuid(), credentials = new { a = "b" } });

        Assert.Equal(["encrypt_credentials", "get_credentials_status", "get_media_job", "list_hitl_sessions", "list_media_jobs", "list_scraped_media"],
            tools.Select(t => t.Name).Order());
        Assert.Equal("Tool 'create_creator_profile' is not available: toolset 'profiles' is not enabled (--toolsets scrapes,credentials), "
            + "and the server runs with --read-only (write tools are off).", create.Text());
        Assert.Equal("Tool 'set_profile_credentials' is not available: the server runs with --read-only (write tools are off).", store.Text());
    }

    [Fact]
    public async Task A_tool_that_does_not_exist_is_the_protocols_unknown_tool_error()
    {
        await using var session = await StdioSession.StartAsync(ToolCatalog.Environment, "2025-11-25", "--read-only");

        var error = await Assert.ThrowsAsync<McpProtocolException>(() => session.Client.CallAsync("delete_creator_profile", new { id = Guid.NewGuid() }));

        Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
        Assert.Contains("Unknown tool: 'delete_creator_profile'", error.Message);
    }

    [Theory]
    [InlineData("profiles,scrape", "unknown toolset 'scrape' in --toolsets")]
    [InlineData("", "--toolsets names no toolset")]
    public async Task A_bad_toolset_name_stops_the_server_with_exit_code_2_and_the_valid_names(string value, string expected)
    {
        var (command, arguments) = ServerCommand.Get("--toolsets", value);

        var result = await ProcessRunner.RunAsync(command, arguments, ToolCatalog.Environment, standardInput: "", timeout: TimeSpan.FromMinutes(1));

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.StandardOutput);
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line);
        Assert.Contains("Valid toolsets: profiles, scrapes, credentials", line);
    }

    [Fact]
    public async Task The_typescript_client_sees_the_same_catalogue_and_refusals()
    {
        var session = await TypeScriptClient.RunWithServerArgumentsAsync(ToolCatalog.Environment, ["--read-only", "--toolsets", "scrapes"],
            new(ListTools: true),
            new("trigger_scrape", new { id = Guid.NewGuid() }),
            new("set_profile_active", new { id = Guid.NewGuid(), is_active = true }));

        var names = session.Steps[0]!["tools"]!.AsArray().Select(t => (string)t!["name"]!).Order();
        Assert.Equal(["get_media_job", "list_hitl_sessions", "list_media_jobs", "list_scraped_media"], names);
        Assert.Equal(true, (bool?)session.Steps[1]!["isError"]);
        Assert.Equal("Tool 'trigger_scrape' is not available: the server runs with --read-only (write tools are off).",
            (string?)session.Steps[1]!["content"]![0]!["text"]);
        Assert.Equal("Tool 'set_profile_active' is not available: toolset 'profiles' is not enabled (--toolsets scrapes), "
            + "and the server runs with --read-only (write tools are off).", (string?)session.Steps[2]!["content"]![0]!["text"]);
    }

    /// <summary>The profile row and its jobs as Directus holds them, to prove a refused call changed nothing.</summary>
    private async Task<string> ProfileAndJobsAsync(string profileId)
    {
        var profile = await directus.Rest.ItemsAsync("creator_profiles", DirectusRest.Filter(new { id = new { _eq = profileId } }));
        var jobs = await directus.Rest.ItemsAsync("media_jobs", DirectusRest.Filter(new { profile_id = new { _eq = profileId } }), "id,status");
        var hitl = await directus.Rest.ItemsAsync("hitl_sessions", DirectusRest.Filter(new { profile_id = new { _eq = profileId } }), "id,status");
        return new JsonArray(profile.DeepClone(), jobs.DeepClone(), hitl.DeepClone()).ToJsonString();
    }
}
