using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using ModelContextProtocol.Protocol;
using static CreatorProfiles.Mcp.Domain.Credentials.Entry.CredentialsEntryRequestStates;

namespace CreatorProfiles.Mcp.IntegrationTests.Credentials;

/// <summary>
/// The requestState of request_credentials_entry's round trip in the hands of an attacker holding the client: replayed,
/// sent by another caller, turned to another profile, altered, made up, answered too late. Each is refused with a tool
/// error that names no reason an attacker could learn from (beyond used and expired, which only the rightful caller
/// reaches), nothing is stored, and a refused attempt does not spend the state of the rightful retry.
/// </summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class CredentialsEntryRoundTripRefusalTests(LocalDirectus directus)
{
    [Fact]
    public async Task Replayed_foreign_turned_altered_and_made_up_states_are_refused_and_store_nothing()
    {
        await using var server = await HttpServerProcess.StartAsync(directus.ServerEnvironment());
        var tap = new McpWireTap();
        await using var alice = await RoundTripClient.ConnectAsync(tap, server, directus.Stack["ALICE_TOKEN"], new ConcurrentQueue<ElicitRequestParams>(), "accept");
        var first = await CredentialsEntryClient.CreateProfileAsync(alice);
        var other = await CredentialsEntryClient.CreateProfileAsync(alice);
        Assert.Equal("elicitation", (string?)(await alice.CallAsync("request_credentials_entry", new { profile_id = first })).Structured()["delivery"]);
        var (_, retry) = RoundTripClient.Rounds(tap);
        var state = (string)retry.Request["params"]!["requestState"]!;
        var (_, payload, mac) = (state.Split('.')[0], state.Split('.')[1], state.Split('.')[2]);
        var turnedPayload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(payload)).Replace(first, other)));

        var attempts = new (string Name, string? Token, Action<JsonObject> Change, string Expected)[]
        {
            ("replayed as sent", null, _ => { }, UsedMessage),
            ("sent by bob", directus.Stack["BOB_TOKEN"], _ => { }, NotValidMessage),
            ("turned to another profile_id", null, m => Arguments(m)["profile_id"] = other, NotValidMessage),
            ("payload turned, mac kept", null, m => { State(m, $"v1.{turnedPayload}.{mac}"); Arguments(m)["profile_id"] = other; }, NotValidMessage),
            ("mac altered", null, m => State(m, $"v1.{payload}.{Flip(mac)}"), NotValidMessage),
            ("another version", null, m => State(m, $"v2.{payload}.{mac}"), NotValidMessage),
            ("made up", null, m => State(m, "v1.AAAA.BBBB"), NotValidMessage),
            ("empty", null, m => State(m, ""), NotValidMessage),
            ("oversized", null, m => State(m, state + new string('A', 100_000)), NotValidMessage),
        };
        foreach (var (name, token, change, expected) in attempts)
        {
            var (isError, text) = RoundTripClient.ToolResult(await McpWireTap.ResendAsync(retry, token, change));
            Assert.True(isError, name);
            Assert.True(text == expected, $"{name}: {text}");
        }

        Assert.Null(await CredentialsEntryClient.StoredCredentialsAsync(directus, other)); // read from Directus: these calls used up the credential rate limit
        Assert.DoesNotContain("Exception", server.StandardError);
    }

    [Fact]
    public async Task An_altered_retry_does_not_spend_the_state_of_the_rightful_one()
    {
        await using var server = await HttpServerProcess.StartAsync(directus.ServerEnvironment());
        JsonObject? rightful = null;
        var tap = RoundTripClient.HoldingBackRetries(Flip, message => rightful = message);
        await using var alice = await RoundTripClient.ConnectAsync(tap, server, directus.Stack["ALICE_TOKEN"], new ConcurrentQueue<ElicitRequestParams>(), "accept");
        var id = await CredentialsEntryClient.CreateProfileAsync(alice);

        var altered = await alice.CallAsync("request_credentials_entry", new { profile_id = id });

        Assert.True(altered.IsError);
        Assert.Equal(NotValidMessage, altered.Text());
        var (_, retry) = RoundTripClient.Rounds(tap);
        var answer = await McpWireTap.ResendAsync(retry with { Request = rightful! });
        Assert.Equal("elicitation", (string?)answer["result"]!["structuredContent"]!["delivery"]);
    }

    [Fact]
    public async Task A_state_answered_after_its_link_expired_is_refused()
    {
        var environment = directus.ServerEnvironment();
        environment["CREDENTIALS_ENTRY_TTL"] = "00:00:01";
        await using var server = await HttpServerProcess.StartAsync(environment);
        await using var alice = await RoundTripClient.ConnectAsync(new McpWireTap(), server, directus.Stack["ALICE_TOKEN"],
            new ConcurrentQueue<ElicitRequestParams>(), "accept", answerAfter: TimeSpan.FromSeconds(2.5));
        var id = await CredentialsEntryClient.CreateProfileAsync(alice);

        var late = await alice.CallAsync("request_credentials_entry", new { profile_id = id });

        Assert.True(late.IsError);
        Assert.Equal(ExpiredMessage, late.Text());
    }

    private static JsonObject Arguments(JsonObject message) => message["params"]!["arguments"]!.AsObject();

    private static void State(JsonObject message, string state) => message["params"]!["requestState"] = state;

    /// <summary>The text with its last but one character changed: base64url stays base64url, and unlike the last
    /// character (whose low bits are padding for a 32-byte MAC) every bit of it counts.</summary>
    private static string Flip(string text) => text[..^2] + (text[^2] == 'A' ? 'B' : 'A') + text[^1];
}
