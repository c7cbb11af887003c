using CreatorProfiles.Mcp.Tools;

namespace CreatorProfiles.Mcp.UnitTests.Tools;

public sealed class ToolScopesTests
{
    [Theory]
    [InlineData(ToolCatalogOptions.Profiles, true, "profiles:read")]
    [InlineData(ToolCatalogOptions.Scrapes, true, "profiles:read")]
    [InlineData(ToolCatalogOptions.Credentials, true, "profiles:read")]
    [InlineData(ToolCatalogOptions.Profiles, false, "profiles:write")]
    [InlineData(ToolCatalogOptions.Scrapes, false, "scrapes:trigger")]
    [InlineData(ToolCatalogOptions.Credentials, false, "credentials:write")]
    public void A_read_tool_needs_profiles_read_and_a_write_tool_its_toolsets_write_scope(string toolset, bool readOnly, string scope) =>
        Assert.Equal(scope, ToolScopes.For(toolset, readOnly));

    [Fact]
    public void Every_toolset_has_a_write_scope_and_the_decrypt_scope_is_not_a_users()
    {
        Assert.All(ToolCatalogOptions.ToolsetNames, toolset => Assert.Contains(ToolScopes.For(toolset, false), ToolScopes.UserScopes));
        Assert.DoesNotContain(ToolScopes.CredentialsDecrypt, ToolScopes.UserScopes);
        Assert.Contains(ToolScopes.CredentialsDecrypt, ToolScopes.All);
    }
}
