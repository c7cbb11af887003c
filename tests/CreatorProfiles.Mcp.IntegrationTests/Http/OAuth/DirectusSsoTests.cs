using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Credentials;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace CreatorProfiles.Mcp.IntegrationTests.Http.OAuth;

/// <summary>
/// docs/oauth.md, "Directus SSO": the stack's Directus (12.4.0, no licence: the core tier) configured for SSO through
/// the test provider exactly as the docs say has no SSO at all: /auth lists no provider and /auth/login/oidc is a
/// 404, also when headless Chromium follows it (tests/clients/browser/directus-sso.mjs, the script that proves the
/// SSO half with a Directus 11 in directus-sso-e2e.sh). When a Directus version starts offering SSO without a licence,
/// this fails and the docs must change.
/// </summary>
public sealed class DirectusSsoTests(ITestOutputHelper output)
{
    private static readonly string ClientDir = Path.Combine(RepoPaths.Root, "tests", "clients", "browser");

    [ChromiumFact]
    public async Task Directus_12_without_a_licence_offers_no_sso_even_when_configured()
    {
        Node22.Installed(ClientDir, "playwright-core/package.json");
        var port = LoopbackPort.Free();
        var directusUrl = $"http://127.0.0.1:{port}";
        await using var provider = await OidcProvider.StartForDirectusAsync(directusUrl + "/auth/login/oidc/callback", "http://127.0.0.1:1/mcp");
        var directus = new SsoDirectus(port, provider.Issuer);
        await directus.InitializeAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(directus.Url) };
            var providers = JsonNode.Parse(await http.GetStringAsync("/auth"))!["data"]!.AsArray();
            using var login = await http.GetAsync("/auth/login/oidc");
            var plan = new { directus = directus.Url, account = "carol", chromium = ChromiumFactAttribute.Executable };
            var run = await ProcessRunner.RunAsync("node", [Path.Combine(ClientDir, "directus-sso.mjs")], standardInput: JsonSerializer.Serialize(plan),
                timeout: TimeSpan.FromMinutes(2));
            output.WriteLine($"/auth providers: {providers.ToJsonString()}; /auth/login/oidc: {(int)login.StatusCode}; Chromium: {run.StandardOutput.Trim()}");

            Assert.Empty(providers);
            Assert.Equal(HttpStatusCode.NotFound, login.StatusCode);
            Assert.True(run.ExitCode == 0, $"directus-sso.mjs failed ({run.ExitCode}): {run.StandardError}");
            var result = JsonNode.Parse(run.StandardOutput.Trim().Split('\n')[^1])!;
            Assert.Equal(404, result["status"]!.GetValue<int>());
            Assert.Equal("ROUTE_NOT_FOUND", (string?)result["error"]);
            Assert.Null(result["user"]);
        }
        finally
        {
            await directus.DisposeAsync();
        }
    }

    /// <summary>The stack's Directus on <paramref name="port"/> with the SSO settings of docs/oauth.md for the test
    /// provider at <paramref name="issuer"/>.</summary>
    private sealed class SsoDirectus(int port, string issuer) : LocalDirectus
    {
        protected override string[] UpArguments =>
        [
            "up", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--state-dir", StateDir,
            "--env", "AUTH_PROVIDERS=oidc", "--env", "AUTH_OIDC_DRIVER=openid",
            "--env", "AUTH_OIDC_CLIENT_ID=" + OidcProvider.DirectusClientId, "--env", "AUTH_OIDC_CLIENT_SECRET=" + OidcProvider.DirectusSecret,
            "--env", $"AUTH_OIDC_ISSUER_URL={issuer}/.well-known/openid-configuration",
            "--env", "AUTH_OIDC_IDENTIFIER_KEY=sub", "--env", "AUTH_OIDC_ALLOW_PUBLIC_REGISTRATION=true",
        ];
    }
}
