using System.Security.Claims;
using CreatorProfiles.Mcp.Http;
using CreatorProfiles.Mcp.Tools;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NSubstitute;

namespace CreatorProfiles.Mcp.UnitTests.Http;

/// <summary>The call-tool filter behind the HTTP scope gate: a call that reaches the server without the tool's scope
/// is a tool error naming the scope; with it, or for a principal of another auth mode, the call runs.</summary>
public sealed class OAuthToolScopeFilterTests
{
    [Theory]
    [InlineData("profiles:read", false)]
    [InlineData("profiles:read profiles:write", true)]
    public async Task A_write_tool_runs_only_with_its_toolsets_write_scope(string scopes, bool runs)
    {
        var result = await CallAsync(OAuthPrincipal(scopes.Split(' ')));

        var text = ((TextContentBlock)result.Content[0]).Text;
        if (runs)
        {
            Assert.Equal("ran", text); // the tool itself answered, not the filter
        }
        else
        {
            Assert.True(result.IsError);
            Assert.Contains("'profiles:write'", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_directus_token_principal_is_not_limited_by_scopes()
    {
        var result = await CallAsync(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "u1")], DirectusBearerHandler.SchemeName)));

        Assert.Equal("ran", ((TextContentBlock)result.Content[0]).Text);
    }

    private static ClaimsPrincipal OAuthPrincipal(IEnumerable<string> scopes) =>
        new(new ClaimsIdentity(scopes.Select(s => new Claim(OAuthBearer.ScopeClaim, s)).Append(new Claim(ClaimTypes.NameIdentifier, "u1")), OAuthBearer.SchemeName));

    private static ValueTask<CallToolResult> CallAsync(ClaimsPrincipal user)
    {
        var request = new RequestContext<CallToolRequestParams>(Substitute.For<McpServer>(), new JsonRpcRequest { Method = RequestMethods.ToolsCall, Id = new RequestId(1) },
            new CallToolRequestParams { Name = WriteTool.Name })
        {
            MatchedPrimitive = new WriteTool(),
            User = user,
        };
        var filter = OAuthBearer.RefuseToolsOutOfScope((_, _) => ValueTask.FromResult(new CallToolResult { Content = [new TextContentBlock { Text = "ran" }] }));
        return filter(request, CancellationToken.None);
    }

    private sealed class WriteTool : McpServerTool
    {
        public const string Name = "set_profile_active";

        public override Tool ProtocolTool { get; } = new() { Name = Name, Annotations = new ToolAnnotations { ReadOnlyHint = false } };

        public override IReadOnlyList<object> Metadata { get; } = [new ToolsetAttribute(ToolCatalogOptions.Profiles)];

        public override ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("the filter calls next, not the tool");
    }
}
