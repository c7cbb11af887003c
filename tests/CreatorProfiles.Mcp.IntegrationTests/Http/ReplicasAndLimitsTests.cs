using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using CreatorProfiles.Mcp.IntegrationTests.Scrapes;
using ModelContextProtocol.Client;
using Xunit.Abstractions;

namespace CreatorProfiles.Mcp.IntegrationTests.Http;

/// <summary>Scale-out and the per-caller limits over HTTP, with the audit lines each call leaves.</summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class ReplicasAndLimitsTests(LocalDirectus directus, ITestOutputHelper output) : IDisposable
{
    private readonly ScrapeTestData _data = new(directus);
    private readonly string _auditFile = Path.Combine(Path.GetTempPath(), "creatorprofiles-audit-" + Guid.NewGuid().ToString("N")[..8] + ".jsonl");

    [Fact]
    public async Task Twenty_concurrent_triggers_alternating_between_two_stateless_replicas_make_exactly_one_job()
    {
        var id = await _data.CreateProfileAsync(cookies: ScrapeTestData.Cookies.Valid, ownerId: directus.Stack["ALICE_USER_ID"]);
        var environment = Environment(toolCallsPerMinute: 0, sensitivePerMinute: 0);
        await using var first = await HttpServerProcess.StartAsync(environment);
        await using var second = await HttpServerProcess.StartAsync(environment);
        await using var viaFirst = await first.ConnectAsync(directus.Stack["ALICE_TOKEN"]);
        await using var viaSecond = await second.ConnectAsync(directus.Stack["ALICE_TOKEN"]);
        // Validate alice's token on each replica first, so the 20 calls race on the claim itself.
        await viaFirst.CallAsync("list_media_jobs", new { limit = 1 });
        await viaSecond.CallAsync("list_media_jobs", new { limit = 1 });

        var results = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(i => (i % 2 == 0 ? viaFirst : viaSecond).CallAsync("trigger_scrape", new { id })));

        var job = Assert.Single(await _data.RowsOfProfileAsync("media_jobs", id));
        var replies = results.Select(r => r.Structured()).ToList();
        Assert.All(replies, r => Assert.Equal((string?)job["id"], (string?)r["job_id"]));
        Assert.Single(replies, r => (string?)r["outcome"] == "job_queued");
        Assert.Equal(19, replies.Count(r => (string?)r["outcome"] == "already_queued"));
        output.WriteLine($"20 calls over 2 replicas ({first.BaseUri}, {second.BaseUri}): 1 media_jobs row, 1 job_queued, 19 already_queued");
    }

    [Fact]
    public async Task A_burst_over_the_limit_is_refused_with_retry_advice_and_nothing_else_breaks()
    {
        var id = await _data.CreateProfileAsync(cookies: ScrapeTestData.Cookies.Valid, ownerId: directus.Stack["BOB_USER_ID"]);
        await using var server = await HttpServerProcess.StartAsync(Environment(toolCallsPerMinute: 6, sensitivePerMinute: 2));
        await using var bob = await server.ConnectAsync(directus.Stack["BOB_TOKEN"]);
        await using var alice = await server.ConnectAsync(directus.Stack["ALICE_TOKEN"]);

        var triggers = new List<ModelContextProtocol.Protocol.CallToolResult>();
        for (var i = 0; i < 3; i++)
        {
            triggers.Add(await bob.CallAsync("trigger_scrape", new { id }));
        }

        var reads = new List<ModelContextProtocol.Protocol.CallToolResult>();
        for (var i = 0; i < 4; i++)
        {
            reads.Add(await bob.CallAsync("get_creator_profile", new { id }));
        }

        // The strict bucket (2) refused trigger 3; every call took a general token (6), so read 4 was refused. A bucket
        // gains its first token back a whole period (10 s, 30 s) after the caller's first call: far longer than 7 calls.
        Assert.All(triggers.Take(2), r => Assert.True(r.IsError != true, r.Text()));
        Assert.True(triggers[2].IsError);
        Assert.Matches(@"^Rate limit reached: at most 2 trigger_scrape and credential calls per minute for each caller\. 'trigger_scrape' was not run; retry after \d+ s\.$", triggers[2].Text());
        Assert.All(reads.Take(3), r => Assert.True(r.IsError != true, r.Text()));
        Assert.True(reads[3].IsError);
        Assert.Matches(@"^Rate limit reached: at most 6 calls per minute for each caller\. 'get_creator_profile' was not run; retry after \d+ s\.$", reads[3].Text());

        // Nothing else broke: one job, another caller unaffected, the server still healthy.
        Assert.Single(await _data.RowsOfProfileAsync("media_jobs", id));
        Assert.True((await alice.CallAsync("list_creator_profiles", new { limit = 1 })).IsError != true);

        var audit = await AuditLinesAsync();
        Assert.Equal(2, audit.Count(a => (string?)a["caller"] == directus.Stack["BOB_USER_ID"] && (string?)a["outcome"] == "rate_limited"));
        output.WriteLine(string.Join('\n', triggers.Concat(reads).Select((r, i) => $"bob call {i + 1}: {(r.IsError == true ? r.Text() : "ok")}")));
    }

    [Fact]
    public async Task Every_tool_call_leaves_one_audit_line_with_caller_tool_target_outcome_and_duration_but_no_values()
    {
        var id = await directus.Rest.ProfileIdAsync("bob_builder");
        const string canary = "AUDITCANARY-4f1c9b";
        await using var server = await HttpServerProcess.StartAsync(Environment(toolCallsPerMinute: 0, sensitivePerMinute: 0));
        await using var bob = await server.ConnectAsync(directus.Stack["BOB_TOKEN"]);

        await bob.CallAsync("get_creator_profile", new { id });
        await bob.CallAsync("encrypt_credentials", new { credentials = new { password = canary } });
        await bob.CallAsync("get_creator_profile", new { id = Guid.NewGuid().ToString() });
        await bob.CallAsync("search_creator_profiles", new { platform = "onlyfans", query = canary });

        var audit = await AuditLinesAsync();
        Assert.Equal(4, audit.Count);
        Assert.All(audit, a =>
        {
            Assert.Equal(directus.Stack["BOB_USER_ID"], (string?)a["caller"]);
            Assert.True((double)a["duration_ms"]! >= 0);
            Assert.EndsWith("Z", (string?)a["at"], StringComparison.Ordinal);
        });
        Assert.Equal(["tool:get_creator_profile", "tool:encrypt_credentials", "tool:get_creator_profile", "tool:search_creator_profiles"], audit.Select(a => (string?)a["action"]));
        Assert.Equal(["ok", "ok", "refused", "ok"], audit.Select(a => (string?)a["outcome"]));
        Assert.Equal(id, (string?)audit[0]["target"]);
        Assert.Null(audit[1]["target"]);
        Assert.DoesNotContain(canary, await File.ReadAllTextAsync(_auditFile), StringComparison.Ordinal);
        Assert.DoesNotContain(canary, server.StandardError, StringComparison.Ordinal);
    }

    private Dictionary<string, string?> Environment(int toolCallsPerMinute, int sensitivePerMinute)
    {
        var environment = directus.ServerEnvironment();
        environment["RATE_LIMIT_TOOL_CALLS_PER_MINUTE"] = toolCallsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["RATE_LIMIT_SENSITIVE_CALLS_PER_MINUTE"] = sensitivePerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["AUDIT_LOG"] = _auditFile;
        return environment;
    }

    private async Task<List<JsonObject>> AuditLinesAsync() =>
        (await File.ReadAllLinesAsync(_auditFile)).Select(line => JsonNode.Parse(line)!.AsObject()).ToList();

    public void Dispose()
    {
        _data.Dispose();
        File.Delete(_auditFile);
    }
}
