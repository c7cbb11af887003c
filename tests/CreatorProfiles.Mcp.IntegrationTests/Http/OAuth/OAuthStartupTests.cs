using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Http.OAuth;

/// <summary>docs/oauth.md: an incomplete oauth configuration stops the server with one line per
/// problem, and doctor reads the real provider's discovery document and keys.</summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class OAuthStartupTests(LocalDirectus directus)
{
    [Fact]
    public async Task Oauth_without_public_url_and_authority_exits_2_naming_both()
    {
        var (command, arguments) = ServerCommand.Get(["--transport", "http", "--auth", "oauth", "--urls", "http://127.0.0.1:0"]);

        var result = await ProcessRunner.RunAsync(command, arguments, directus.ServerEnvironment(), timeout: TimeSpan.FromMinutes(1));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--auth oauth needs PUBLIC_URL", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("--auth oauth needs OAUTH_AUTHORITY", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_passes_against_the_provider_and_fails_an_issuer_written_differently()
    {
        await using var provider = await OidcProvider.StartAsync("http://127.0.0.1:5180/mcp");
        var (command, arguments) = ServerCommand.Get("doctor");
        var environment = directus.ServerEnvironment();
        environment["OAUTH_AUTHORITY"] = provider.Issuer;

        var passing = await ProcessRunner.RunAsync(command, arguments, environment, timeout: TimeSpan.FromMinutes(2));
        environment["OAUTH_AUTHORITY"] = provider.Issuer + "/";
        var failing = await ProcessRunner.RunAsync(command, arguments, environment, timeout: TimeSpan.FromMinutes(2));

        Assert.Equal(0, passing.ExitCode);
        Assert.Contains($"[ok]   oauth provider      issuer {provider.Issuer}, 1 signing key(s) at {provider.Issuer}/jwks", passing.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(1, failing.ExitCode);
        Assert.Contains("[FAIL] oauth provider", failing.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"fix: Set OAUTH_AUTHORITY to exactly '{provider.Issuer}'", failing.StandardOutput, StringComparison.Ordinal);
    }
}
