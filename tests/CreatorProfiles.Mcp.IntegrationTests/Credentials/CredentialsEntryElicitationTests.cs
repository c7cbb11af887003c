using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace CreatorProfiles.Mcp.IntegrationTests.Credentials;

/// <summary>
/// URL-mode elicitation (MCP 2025-11-25): a client that declares it is asked to open the link itself, so the tool
/// result carries no url for the model; a client that does not (or only declares form mode) gets the url back.
/// Over both protocol revisions the C# client speaks: 2025-11-25 (initialize handshake, server-to-client request)
/// and 2026-07-28 (capabilities per request, elicitation as an input-required round trip).
/// </summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class CredentialsEntryElicitationTests(LocalDirectus directus)
{
    private sealed class RecordingClient
    {
        public ConcurrentQueue<ElicitRequestParams> Requests { get; } = new();
        public ConcurrentQueue<string?> Completions { get; } = new();
        public string Action { get; init; } = "accept";

        public void Configure(McpClientOptions options, ElicitationCapability capability)
        {
            options.Capabilities = new ClientCapabilities { Elicitation = capability };
            options.Handlers.ElicitationHandler = (request, _) =>
            {
                Requests.Enqueue(request!);
                return ValueTask.FromResult(new ElicitResult { Action = Action });
            };
        }
    }

    private async Task<(StdioSession Session, RecordingClient Client)> StartAsync(string? protocolVersion, ElicitationCapability capability, string action = "accept")
    {
        var client = new RecordingClient { Action = action };
        var session = await StdioSession.StartAsync(directus.ServerEnvironment(), protocolVersion, options => client.Configure(options, capability));
        session.Client.RegisterNotificationHandler(NotificationMethods.ElicitationCompleteNotification, (notification, _) =>
        {
            client.Completions.Enqueue(notification.Params?["elicitationId"]?.GetValue<string>());
            return ValueTask.CompletedTask;
        });
        return (session, client);
    }

    [Theory]
    [InlineData("2025-11-25")]
    [InlineData(null)] // the SDK's default, 2026-07-28
    public async Task A_client_with_url_elicitation_is_asked_to_open_the_link_and_the_result_carries_no_url(string? protocolVersion)
    {
        var (session, client) = await StartAsync(protocolVersion, new ElicitationCapability { Url = new() });
        await using var _ = session;
        var id = await CredentialsEntryClient.CreateProfileAsync(session.Client, platform: "fansly");

        var call = await session.Client.CallAsync("request_credentials_entry", new { profile_id = id });

        var result = call.Structured();
        var request = Assert.Single(client.Requests);
        Assert.Equal("url", request.Mode);
        Assert.Matches(CredentialsEntryClient.LinkPattern(), request.Url!);
        Assert.False(string.IsNullOrEmpty(request.ElicitationId));
        Assert.Contains("fansly", request.Message);
        Assert.DoesNotContain("http", request.Message); // the URL only in its own field, as the spec asks
        Assert.Equal("elicitation", (string?)result["delivery"]);
        Assert.Null(result["url"]);
        Assert.NotNull(result["expires_at"]);
        Assert.Contains("not included", (string)result["message"]!);
        var token = request.Url!.Split('/')[^1];
        var everythingTheModelSees = call.Text() + JsonSerializer.Serialize(call.StructuredContent);
        Assert.DoesNotContain(token, everythingTheModelSees);
        Assert.DoesNotContain("127.0.0.1", everythingTheModelSees);

        // The user's browser, opened by the client, submits the page; the client then hears that it completed.
        using var page = new CredentialsEntryClient();
        var form = await page.GetAsync(request.Url!);
        Assert.Equal(HttpStatusCode.OK, form.Status);
        var stored = await page.PostAsync(request.Url!, CredentialsEntryClient.Form(form.CsrfToken, "fan@example.com", CredentialsEntryClient.Canary("pw")));
        Assert.Equal(HttpStatusCode.OK, stored.Status);
        var status = (await session.Client.CallAsync("get_credentials_status", new { profile_id = id, verify = true })).Structured();
        Assert.Equal(["email", "password"], status["fields"]!.AsArray().Select(f => (string)f!));

        for (var i = 0; i < 50 && client.Completions.IsEmpty; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal([request.ElicitationId], client.Completions);
        Assert.DoesNotContain(token, session.StandardError);
        Assert.DoesNotContain("ENTRYCANARY", session.StandardError);
    }

    [Theory]
    [InlineData("decline", "declined")]
    [InlineData("cancel", "dismissed")]
    public async Task A_declined_elicitation_cancels_the_link(string action, string word)
    {
        var (session, client) = await StartAsync("2025-11-25", new ElicitationCapability { Url = new() }, action);
        await using var _ = session;
        var id = await CredentialsEntryClient.CreateProfileAsync(session.Client);

        var result = (await session.Client.CallAsync("request_credentials_entry", new { profile_id = id })).Structured();

        Assert.Equal("declined", (string?)result["delivery"]);
        Assert.Null(result["url"]);
        Assert.Contains(word, (string)result["message"]!);
        using var page = new CredentialsEntryClient();
        var gone = await page.GetAsync(Assert.Single(client.Requests).Url!);
        Assert.Equal(HttpStatusCode.Gone, gone.Status);
        Assert.Contains("cancelled", gone.Body);
    }

    [Theory]
    [InlineData("2025-11-25")]
    [InlineData(null)]
    public async Task A_client_with_form_elicitation_only_gets_the_url_and_is_not_asked(string? protocolVersion)
    {
        var (session, client) = await StartAsync(protocolVersion, new ElicitationCapability { Form = new() });
        await using var _ = session;
        var id = await CredentialsEntryClient.CreateProfileAsync(session.Client);

        var result = (await session.Client.CallAsync("request_credentials_entry", new { profile_id = id })).Structured();

        Assert.Empty(client.Requests);
        Assert.Equal("url", (string?)result["delivery"]);
        using var page = new CredentialsEntryClient();
        Assert.Equal(HttpStatusCode.OK, (await page.GetAsync((string)result["url"]!)).Status);
    }
}
