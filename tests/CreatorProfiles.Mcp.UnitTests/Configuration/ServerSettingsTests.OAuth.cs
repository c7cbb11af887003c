using CreatorProfiles.Mcp.Configuration;
using CreatorProfiles.Mcp.Http;

namespace CreatorProfiles.Mcp.UnitTests.Configuration;

/// <summary>--auth oauth's variables: each checked for its shape, and the set checked against the auth mode, one line
/// per problem.</summary>
public partial class ServerSettingsTests
{
    [Fact]
    public void OAuth_a_complete_configuration_names_the_canonical_resource_and_defaults_the_audience_to_it()
    {
        var settings = Load(("PUBLIC_URL", "https://mcp.example.com"), ("OAUTH_AUTHORITY", "https://login.example.com/realms/creators"));
        var server = OAuthResourceServer.Create(settings);

        Assert.Empty(settings.Errors);
        Assert.Empty(OAuthResourceServer.Problems(settings, HttpAuthMode.OAuth, noAuth: false));
        Assert.Equal("https://mcp.example.com/mcp", server.Resource);
        Assert.Equal("https://mcp.example.com/mcp", server.Audience);
        Assert.Equal("https://mcp.example.com/.well-known/oauth-protected-resource/mcp", server.MetadataUrl);
        Assert.Equal("https://login.example.com/realms/creators", server.Authority);
        Assert.Equal("sub", server.UserClaim);
    }

    [Fact]
    public void OAuth_without_public_url_and_authority_and_with_no_auth_gives_one_line_per_problem()
    {
        var problems = OAuthResourceServer.Problems(Load(), HttpAuthMode.OAuth, noAuth: true).ToList();

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("--no-auth contradicts --auth oauth", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("--auth oauth needs PUBLIC_URL", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("--auth oauth needs OAUTH_AUTHORITY", StringComparison.Ordinal));
    }

    [Fact]
    public void OAuth_variables_set_in_directus_token_mode_are_refused_as_contradictory()
    {
        var settings = Load(("OAUTH_AUTHORITY", "https://login.example.com"), ("OAUTH_AUDIENCE", "api://creators"));

        var problems = OAuthResourceServer.Problems(settings, HttpAuthMode.DirectusToken, noAuth: false).ToList();

        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.Contains("but --auth is directus-token", p, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("PUBLIC_URL", "https://mcp.example.com/base", "without a path")]
    [InlineData("PUBLIC_URL", "https://mcp.example.com/?x=1", "without query")]
    [InlineData("PUBLIC_URL", "mcp.example.com", "without query")]
    [InlineData("OAUTH_AUTHORITY", "http://login.example.com", "must use https")]
    [InlineData("OAUTH_USER_CLAIM", "preferred_username", "is not one of sub, oid, email")]
    public void OAuth_malformed_values_are_refused_by_variable(string variable, string value, string expected)
    {
        var settings = Load((variable, value));

        var error = Assert.Single(settings.Errors);
        Assert.StartsWith(variable, error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_http_public_url_off_loopback_is_refused_by_oauth_only()
    {
        var settings = Load(("PUBLIC_URL", "http://mcp.example.com"), ("OAUTH_AUTHORITY", "https://login.example.com/realms/creators"));

        Assert.Empty(settings.Errors); // directus-token mode: the entry page's links (warned at start)
        Assert.DoesNotContain(OAuthResourceServer.Problems(settings, HttpAuthMode.DirectusToken, noAuth: false), p => p.Contains("PUBLIC_URL", StringComparison.Ordinal));
        var problem = Assert.Single(OAuthResourceServer.Problems(settings, HttpAuthMode.OAuth, noAuth: false));
        Assert.StartsWith("PUBLIC_URL must use https with --auth oauth", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void OAuth_plain_http_is_accepted_on_loopback_and_the_issuer_is_kept_exactly_as_written()
    {
        var settings = Load(("PUBLIC_URL", "http://127.0.0.1:5180"), ("OAUTH_AUTHORITY", "http://localhost:8080/realms/x/"), ("OAUTH_USER_CLAIM", "email"));

        Assert.Empty(settings.Errors);
        Assert.Equal("http://localhost:8080/realms/x/", settings.OAuthAuthority);
        Assert.Equal("email", settings.OAuthUserClaim);
    }
}
