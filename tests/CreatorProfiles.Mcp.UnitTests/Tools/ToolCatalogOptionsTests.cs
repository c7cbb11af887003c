using CreatorProfiles.Mcp.Tools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.UnitTests.Tools;

/// <summary>--read-only and --toolsets: parsing the command-line values, the decision per tool, and the tool collection
/// the server ends up with (the stdio tests in the integration project check tools/list and the refusals end to end).</summary>
public class ToolCatalogOptionsTests
{
    private static readonly string[] ProfileTools =
    [
        "list_creator_profiles", "get_creator_profile", "search_creator_profiles", "get_profile_stats",
        "create_creator_profile", "update_scrape_status", "set_profile_active",
    ];

    private static readonly string[] ScrapeTools =
        ["trigger_scrape", "get_media_job", "list_media_jobs", "list_hitl_sessions", "list_scraped_media", "show_scrape_dashboard", "refresh_scrape_dashboard"];

    private static readonly string[] CredentialTools = ["set_profile_credentials", "get_credentials_status", "encrypt_credentials", "request_credentials_entry"];

    private static readonly string[] WriteTools =
    [
        "create_creator_profile", "update_scrape_status", "set_profile_active", "trigger_scrape", "set_profile_credentials", "request_credentials_entry",
    ];

    private static ToolCatalogOptions Create(bool readOnly, params string[] toolsets)
    {
        Assert.True(ToolCatalogOptions.TryCreate(readOnly, toolsets, out var options, out var error), error);
        return options;
    }

    private static string Error(params string[] toolsets)
    {
        Assert.False(ToolCatalogOptions.TryCreate(false, toolsets, out var options, out var error));
        Assert.Null(options);
        return error;
    }

    /// <summary>The tool collection of a server built with these options, as the SDK will serve it.</summary>
    private static List<McpServerTool> ServedTools(ToolCatalogOptions? options)
    {
        var services = new ServiceCollection();
        services.AddMcpServer().WithCreatorProfilesTools(options);
        using var provider = services.BuildServiceProvider();
        return [.. provider.GetRequiredService<IOptions<McpServerOptions>>().Value.ToolCollection!];
    }

    // ---- parsing ------------------------------------------------------------------------------------------------

    [Fact]
    public void TryCreate_WithoutToolsets_EnablesEveryToolset()
    {
        Assert.Null(Create(false).Toolsets);
        Assert.True(ToolCatalogOptions.TryCreate(false, null, out var options, out _));
        Assert.Null(options.Toolsets);
        Assert.False(options.ReadOnly);
        Assert.True(Create(true).ReadOnly);
    }

    [Theory]
    [InlineData(new[] { "profiles" }, new[] { "profiles" })]
    [InlineData(new[] { "profiles,scrapes" }, new[] { "profiles", "scrapes" })]
    [InlineData(new[] { " Profiles , CREDENTIALS ", "scrapes" }, new[] { "credentials", "profiles", "scrapes" })] // any case, spaces, repeated option
    [InlineData(new[] { "scrapes,,scrapes," }, new[] { "scrapes" })]
    public void TryCreate_ReadsCommaListsInAnyCase(string[] values, string[] expected)
    {
        Assert.Equal(expected, Create(false, values).Toolsets!.Order());
    }

    [Fact]
    public void TryCreate_UnknownNames_AreRefusedWithEveryValidName()
    {
        var error = Error("profiles,scrape,Tools");

        Assert.Contains("unknown toolsets 'scrape', 'Tools' in --toolsets", error);
        Assert.Contains("Valid toolsets: profiles, scrapes, credentials", error);
        Assert.Contains("unknown toolset 'x'", Error("x"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" , ")]
    public void TryCreate_NoNameAtAll_IsRefused(string value)
    {
        Assert.Contains("--toolsets names no toolset. Valid toolsets: profiles, scrapes, credentials", Error(value));
    }

    // ---- the decision per tool --------------------------------------------------------------------------------

    [Fact]
    public void Refusal_ByDefault_IsNullForEveryTool()
    {
        Assert.Null(ToolCatalogOptions.All.Refusal("trigger_scrape", "scrapes", readOnlyTool: false));
        Assert.Null(ToolCatalogOptions.All.Refusal("get_media_job", "scrapes", readOnlyTool: true));
    }

    [Fact]
    public void Refusal_ReadOnly_RefusesWriteToolsOnlyAndSaysWhy()
    {
        var options = Create(readOnly: true);

        Assert.Null(options.Refusal("get_media_job", "scrapes", readOnlyTool: true));
        Assert.Equal("Tool 'trigger_scrape' is not available: the server runs with --read-only (write tools are off).",
            options.Refusal("trigger_scrape", "scrapes", readOnlyTool: false));
    }

    [Fact]
    public void Refusal_Toolsets_RefusesOtherToolsetsAndNamesTheEnabledOnes()
    {
        var options = Create(false, "credentials,profiles");

        Assert.Null(options.Refusal("create_creator_profile", "profiles", readOnlyTool: false));
        Assert.Equal("Tool 'get_media_job' is not available: toolset 'scrapes' is not enabled (--toolsets profiles,credentials).",
            options.Refusal("get_media_job", "scrapes", readOnlyTool: true));
    }

    [Fact]
    public void Refusal_BothSwitches_GivesBothReasons()
    {
        var options = Create(true, "profiles");

        Assert.Equal("Tool 'trigger_scrape' is not available: toolset 'scrapes' is not enabled (--toolsets profiles), "
            + "and the server runs with --read-only (write tools are off).", options.Refusal("trigger_scrape", "scrapes", readOnlyTool: false));
        Assert.Equal("--read-only --toolsets profiles", options.ToString());
        Assert.Equal("", ToolCatalogOptions.All.ToString());
    }

    // ---- the tool collection the server is built with ---------------------------------------------------------

    [Fact]
    public void Every_tool_belongs_to_the_toolset_of_its_file()
    {
        var byToolset = ServedTools(null).GroupBy(ToolAvailability.ToolsetOf).ToDictionary(g => g.Key, g => g.Select(t => t.ProtocolTool.Name).Order().ToList());

        Assert.Equal(ToolCatalogOptions.ToolsetNames.Order(), byToolset.Keys.Order());
        Assert.Equal(ProfileTools.Order(), byToolset["profiles"]);
        Assert.Equal(ScrapeTools.Order(), byToolset["scrapes"]);
        Assert.Equal(CredentialTools.Order(), byToolset["credentials"]);
    }

    [Fact]
    public void ReadOnly_serves_exactly_the_tools_annotated_read_only()
    {
        var all = ServedTools(null);
        var served = ServedTools(Create(readOnly: true)).Select(t => t.ProtocolTool.Name).Order().ToList();

        Assert.Equal(all.Where(ToolAvailability.IsReadOnly).Select(t => t.ProtocolTool.Name).Order(), served);
        Assert.Equal(all.Select(t => t.ProtocolTool.Name).Except(WriteTools).Order(), served);
    }

    [Theory]
    [InlineData("profiles")]
    [InlineData("scrapes")]
    [InlineData("credentials")]
    [InlineData("scrapes,credentials")]
    public void Toolsets_serve_exactly_their_tools(string toolsets)
    {
        var expected = toolsets.Split(',').SelectMany(t => t switch
        {
            "profiles" => ProfileTools,
            "scrapes" => ScrapeTools,
            _ => CredentialTools,
        });

        Assert.Equal(expected.Order(), ServedTools(Create(false, toolsets)).Select(t => t.ProtocolTool.Name).Order());
    }

    [Fact]
    public void Options_naming_an_unknown_toolset_are_a_programming_error()
    {
        var options = new ToolCatalogOptions { Toolsets = new HashSet<string> { "profiles", "Scrapes" } };

        var error = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddMcpServer().WithCreatorProfilesTools(options));
        Assert.Contains("Scrapes", error.Message);
    }
}
