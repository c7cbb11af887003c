using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Domain.Credentials.Entry;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace CreatorProfiles.Mcp.IntegrationTests.Credentials;

/// <summary>
/// request_credentials_entry on the stateless HTTP server, where the server cannot send a request to the client: a
/// 2026-07-28 client with URL elicitation gets an input_required result (the elicitation and a sealed requestState),
/// asks its user, and calls again with the answer and the state. The state is the client's to hold, so every way an
/// attacker holding the client could bend it is tried (<see cref="CredentialsEntryRoundTripRefusalTests"/>).
/// </summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class CredentialsEntryRoundTripTests(LocalDirectus directus)
{
    [Trait("Category", "AotSmoke")]
    [Fact]
    public async Task A_stateless_client_is_asked_through_input_required_and_the_link_never_reaches_the_model()
    {
        using var audit = new AuditFile();
        var environment = directus.ServerEnvironment();
        environment["AUDIT_LOG"] = audit.Path;
        await using var server = await HttpServerProcess.StartAsync(environment);
        var tap = new McpWireTap();
        var asked = new ConcurrentQueue<ElicitRequestParams>();
        await using var alice = await RoundTripClient.ConnectAsync(tap, server, directus.Stack["ALICE_TOKEN"], asked, "accept");
        var id = await CredentialsEntryClient.CreateProfileAsync(alice, platform: "fansly");

        var call = await alice.CallAsync("request_credentials_entry", new { profile_id = id });

        var result = call.Structured();
        Assert.Equal("elicitation", (string?)result["delivery"]);
        Assert.Null(result["url"]);
        var request = Assert.Single(asked);
        Assert.Equal("url", request.Mode);
        Assert.Matches(CredentialsEntryClient.LinkPattern(), request.Url!);
        var token = request.Url!.Split('/')[^1];

        // On the wire: round 1 is answered input_required with the elicitation and the sealed state (which holds no
        // link token); round 2 carries the user's answer and that state back.
        var (first, second) = RoundTripClient.Rounds(tap);
        var inputRequired = first.Response!["result"]!;
        Assert.Equal("input_required", (string?)inputRequired["resultType"]);
        Assert.Equal("elicitation/create", (string?)inputRequired["inputRequests"]![RoundTripClient.PageInput]!["method"]);
        var state = (string)inputRequired["requestState"]!;
        Assert.StartsWith("v1.", state);
        Assert.DoesNotContain(token, state);
        Assert.DoesNotContain(token, Base64UrlText(state.Split('.')[1]));
        Assert.Equal(state, (string?)second.Request["params"]!["requestState"]);
        Assert.Equal("accept", (string?)second.Request["params"]!["inputResponses"]![RoundTripClient.PageInput]!["action"]);
        Assert.DoesNotContain(token, call.Text() + JsonSerializer.Serialize(call.StructuredContent));
        var lines = await audit.WaitForAsync(l => (string?)l["action"] == "tool:request_credentials_entry", count: 2);
        Assert.Equal(["input_required", "ok"], lines.Select(l => (string?)l["outcome"]));
        Assert.DoesNotContain(token, audit.Text);
        Assert.DoesNotContain(state, audit.Text);

        // The user's browser submits the page; the credentials are stored for this profile.
        using var page = new CredentialsEntryClient();
        var form = await page.GetAsync(request.Url!);
        Assert.Equal(HttpStatusCode.OK, form.Status);
        var stored = await page.PostAsync(request.Url!, CredentialsEntryClient.Form(form.CsrfToken, "fan@example.com", CredentialsEntryClient.Canary("pw")));
        Assert.Equal(HttpStatusCode.OK, stored.Status);
        var status = (await alice.CallAsync("get_credentials_status", new { profile_id = id, verify = true })).Structured();
        Assert.Equal(["email", "password"], status["fields"]!.AsArray().Select(f => (string)f!));
        Assert.DoesNotContain(token, server.StandardError);
    }

    [Fact]
    public async Task A_declined_round_trip_cancels_the_link()
    {
        await using var server = await HttpServerProcess.StartAsync(directus.ServerEnvironment());
        var asked = new ConcurrentQueue<ElicitRequestParams>();
        await using var alice = await RoundTripClient.ConnectAsync(new McpWireTap(), server, directus.Stack["ALICE_TOKEN"], asked, "decline");
        var id = await CredentialsEntryClient.CreateProfileAsync(alice);

        var result = (await alice.CallAsync("request_credentials_entry", new { profile_id = id })).Structured();

        Assert.Equal("declined", (string?)result["delivery"]);
        using var page = new CredentialsEntryClient();
        var gone = await page.GetAsync(Assert.Single(asked).Url!);
        Assert.Equal(HttpStatusCode.Gone, gone.Status);
        Assert.Contains("cancelled", gone.Body);
    }

    [Theory]
    [InlineData(false, "url")] // no session: the server cannot send it a request, and it does not read input_required
    [InlineData(true, "elicitation")] // --stateful: the SDK sends elicitation/create on the session and calls the tool again
    public async Task A_2025_11_25_client_is_asked_on_a_session_and_gets_the_url_without_one(bool stateful, string delivery)
    {
        await using var server = await HttpServerProcess.StartAsync(directus.ServerEnvironment(), stateful ? ["--stateful"] : []);
        var asked = new ConcurrentQueue<ElicitRequestParams>();
        // No wire tap: on a session the elicitation arrives inside the POST's event stream, which the tap would hold back.
        await using var alice = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = server.McpEndpoint,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + directus.Stack["ALICE_TOKEN"] },
        }), RoundTripClient.Options(asked, "accept", "2025-11-25"));
        var id = await CredentialsEntryClient.CreateProfileAsync(alice);

        var result = (await alice.CallAsync("request_credentials_entry", new { profile_id = id })).Structured();

        Assert.Equal(delivery, (string?)result["delivery"]);
        Assert.Equal(stateful ? 1 : 0, asked.Count);
        var url = stateful ? Assert.Single(asked).Url! : (string)result["url"]!;
        Assert.Matches(CredentialsEntryClient.LinkPattern(), url);
        Assert.Equal(stateful, result["url"] is null);
    }

    private static string Base64UrlText(string part) => System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(part));
}

/// <summary>A C# SDK client that declares URL elicitation and answers every elicitation with one action.</summary>
internal static class RoundTripClient
{
    public const string PageInput = "credentials_page";

    public static Task<McpClient> ConnectAsync(McpWireTap tap, HttpServerProcess server, string token, ConcurrentQueue<ElicitRequestParams> asked,
        string action, string? protocolVersion = null, TimeSpan? answerAfter = null) =>
        tap.ConnectAsync(server.McpEndpoint, token, Options(asked, action, protocolVersion, answerAfter));

    /// <summary>The options of such a client: each elicitation is recorded in <paramref name="asked"/> and answered
    /// with <paramref name="action"/>, after <paramref name="answerAfter"/>.</summary>
    public static McpClientOptions Options(ConcurrentQueue<ElicitRequestParams> asked, string action, string? protocolVersion = null, TimeSpan? answerAfter = null) => new()
    {
        ClientInfo = new() { Name = "creatorprofiles-integration-tests", Version = "1.0.0" },
        ProtocolVersion = protocolVersion,
        Capabilities = new ClientCapabilities { Elicitation = new ElicitationCapability { Url = new() } },
        Handlers = new McpClientHandlers
        {
            ElicitationHandler = async (request, cancellationToken) =>
            {
                asked.Enqueue(request!);
                await Task.Delay(answerAfter ?? TimeSpan.Zero, cancellationToken);
                return new ElicitResult { Action = action };
            },
        },
    };

    /// <summary>A tap that holds back the client's own retry of a round trip: it sends the retry with its requestState
    /// changed by <paramref name="alter"/> and keeps the rightful message in <paramref name="rightful"/>, for the test
    /// to send where it likes.</summary>
    public static McpWireTap HoldingBackRetries(Func<string, string> alter, Action<JsonObject> rightful) => new()
    {
        Rewrite = message =>
        {
            if (message["params"]?["requestState"] is not { } state)
            {
                return null;
            }

            rightful(message.DeepClone().AsObject());
            var altered = message.DeepClone().AsObject();
            altered["params"]!["requestState"] = alter((string)state!);
            return altered;
        },
    };

    /// <summary>The two tools/call rounds of request_credentials_entry: the one answered input_required, then its retry.</summary>
    public static (McpExchange First, McpExchange Second) Rounds(McpWireTap tap)
    {
        var calls = tap.Of("tools/call").Where(e => (string?)e.Request["params"]!["name"] == "request_credentials_entry").ToList();
        Assert.Equal(2, calls.Count);
        return (calls[0], calls[1]);
    }

    /// <summary>The tool result in a resent round's answer.</summary>
    public static (bool IsError, string Text) ToolResult(JsonObject answer)
    {
        var result = answer["result"] ?? throw new InvalidOperationException("not a result: " + answer.ToJsonString());
        return ((bool?)result["isError"] == true, string.Concat(result["content"]!.AsArray().Select(c => (string?)c!["text"])));
    }
}
