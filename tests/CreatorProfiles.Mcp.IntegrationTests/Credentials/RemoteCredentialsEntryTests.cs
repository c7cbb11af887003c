using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using ModelContextProtocol.Client;
using Xunit.Abstractions;

namespace CreatorProfiles.Mcp.IntegrationTests.Credentials;

/// <summary>
/// The entry page as a remote user gets it from an HTTP server: served by the HTTP app itself under PUBLIC_URL, here a
/// host name that only exists in the test (mcp.example.test, mapped to 127.0.0.1 for Chromium by a host-resolver rule
/// and for .NET clients by a connect callback), with --behind-proxy and --allowed-hosts naming only that host. Links
/// use PUBLIC_URL, work once, are capped per caller and write only the profile they were made for.
/// </summary>
[Collection(LocalDirectusCollection.Name)]
public sealed partial class RemoteCredentialsEntryTests(LocalDirectus directus, ITestOutputHelper output) : IDisposable
{
    private const string PublicHost = "mcp.example.test";
    private readonly AuditFile _audit = new();

    [ChromiumFact]
    public async Task A_remote_link_under_PUBLIC_URL_is_opened_and_submitted_once_in_chromium_and_stored_encrypted()
    {
        var (server, port) = await StartRemoteServerAsync();
        await using var _ = server;
        await using var alice = await ConnectAsync(port, directus.Stack["ALICE_TOKEN"]);
        var id = await CredentialsEntryClient.CreateProfileAsync(alice, platform: "fansly");

        var link = (await alice.CallAsync("request_credentials_entry", new { profile_id = id })).Structured();
        var url = (string)link["url"]!;
        Assert.Matches($"^http://{Regex.Escape(PublicHost)}:{port}/credentials-entry/[A-Za-z0-9_-]{{43}}$", url);

        var values = new
        {
            email = CredentialsEntryClient.Canary("email") + "@example.com",
            password = CredentialsEntryClient.Canary("password"),
            extra_name = "totp_secret",
            extra_value = CredentialsEntryClient.Canary("totp"),
        };
        var plan = new
        {
            chromium = ChromiumFactAttribute.Executable,
            out_dir = Path.Combine(AppContext.BaseDirectory, "browser-artifacts", "remote-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss")),
            link = url,
            values,
            host_resolver_rules = $"MAP {PublicHost} 127.0.0.1",
        };
        var (steps, pages) = await EntryBrowserScript.RunAsync(plan, output);

        Assert.Equal(200, (int)steps["form"]["status"]!);
        Assert.Equal(403, (int)steps["no_csrf"]["status"]!);
        Assert.Equal(200, (int)steps["submit"]["status"]!);
        Assert.Contains("Fields stored: email, password, totp_secret.", (string)steps["submit"]["text"]!);
        Assert.Equal(410, (int)steps["second_submit"]["status"]!);
        Assert.Equal(410, (int)steps["reopen"]["status"]!);

        // Stored as a v1 envelope that opens with the key; the caller sees field names only.
        var envelope = Assert.IsType<JsonObject>(await CredentialsEntryClient.StoredCredentialsAsync(directus, id));
        Assert.StartsWith("v1:", (string)envelope["enc"]!);
        var status = (await alice.CallAsync("get_credentials_status", new { profile_id = id, verify = true })).Structured();
        Assert.True((bool)status["verified"]!);
        Assert.Equal(["email", "password", "totp_secret"], status["fields"]!.AsArray().Select(f => (string)f!));

        // The page's requests are audited as before, with the link's owner as caller and never the token.
        var submits = await _audit.WaitForAsync(l => (string?)l["action"] == "entry:submit", count: 3);
        Assert.Equal(["csrf_failed", "ok", "used_link"], submits.Select(l => (string)l["outcome"]!).Order());
        Assert.Contains(_audit.Lines, l => (string?)l["action"] == "entry:open" && (string?)l["outcome"] == "ok");
        Assert.DoesNotContain(url.Split('/')[^1], _audit.Text + server.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("ENTRYCANARY", pages + server.StandardError + _audit.Text, StringComparison.Ordinal);
    }

    /// <summary>A server bound to a loopback port known in advance (PUBLIC_URL names it), behind the proxy switch,
    /// answering only to <see cref="PublicHost"/>, with a cap of 2 open links per caller.</summary>
    private async Task<(HttpServerProcess Server, int Port)> StartRemoteServerAsync()
    {
        var port = LoopbackPort.Free();
        var environment = directus.ServerEnvironment();
        environment["PUBLIC_URL"] = $"http://{PublicHost}:{port}";
        environment["CREDENTIALS_ENTRY_MAX_OPEN"] = "2";
        environment["AUDIT_LOG"] = _audit.Path;
        var server = await HttpServerProcess.StartAsync(environment,
            "--urls", $"http://127.0.0.1:{port}", "--behind-proxy", "--allowed-hosts", PublicHost);
        return (server, port);
    }

    /// <summary>An MCP client that reaches the server as http://mcp.example.test:port, as a remote client would.</summary>
    private static Task<McpClient> ConnectAsync(int port, string token)
    {
        var http = new HttpClient(new SocketsHttpHandler { ConnectCallback = CredentialsEntryClient.ConnectToLoopback(port) });
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri($"http://{PublicHost}:{port}/mcp"),
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + token },
        }, http, ownsHttpClient: true);
        return McpClient.CreateAsync(transport, new McpClientOptions
        {
            ClientInfo = new() { Name = "creatorprofiles-integration-tests", Version = "1.0.0" },
            ProtocolVersion = "2025-11-25",
        });
    }


    public void Dispose() => _audit.Dispose();
}
