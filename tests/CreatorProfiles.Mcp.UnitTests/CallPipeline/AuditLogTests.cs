using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.CallPipeline;
using CreatorProfiles.Mcp.Domain.Auditing;

namespace CreatorProfiles.Mcp.UnitTests.CallPipeline;

public sealed class AuditLogTests
{
    /// <summary>Every character a reader could take for the end of a line (the Unicode line-break classes, C0 and C1
    /// controls), plus quote and backslash, which could end a JSON string.</summary>
    public static TheoryData<string> LineBreakers => new()
    {
        "\n", "\r", "\r\n", "\u0085", "\u2028", "\u2029", "\v", "\f", "\0", "\u001b", "\t", "\u007f", "\u009b", "\"", "\\",
    };

    [Theory]
    [MemberData(nameof(LineBreakers))]
    public void A_line_breaking_character_in_any_field_is_escaped_and_the_line_stays_one_json_object(string breaker)
    {
        var hostile = "a" + breaker + "{\"forged\":1}" + breaker + "b";
        var line = new AuditLine(hostile, "tool:" + hostile, hostile)
        {
            Transport = hostile, RequestId = hostile, Client = hostile, Target = hostile, Job = hostile, KeyFingerprint = hostile,
            Created = [new(hostile, hostile)],
        };

        var text = AuditLog.Format(line, DateTimeOffset.UnixEpoch, TimeSpan.FromMilliseconds(1.25));

        Assert.DoesNotContain(text, c => c < 0x20 || c is >= '\u007f' and <= '\u009f' or '\u2028' or '\u2029');
        Assert.All(text, c => Assert.True(c < 0x80, $"U+{(int)c:X4} written raw")); // everything else is escaped too
        var json = Assert.IsType<JsonObject>(JsonNode.Parse(text));
        foreach (var field in (string[])["caller", "outcome", "transport", "request_id", "client", "target", "job", "key_fingerprint"])
        {
            Assert.Equal(hostile, (string?)json[field]); // escaped, not lost
        }

        Assert.Equal("tool:" + hostile, (string?)json["action"]);
        Assert.Equal(hostile, (string?)json["created"]![hostile]);
        Assert.Null(json["forged"]);
    }

    [Fact]
    public void A_100000_character_field_is_cut_to_the_bound_with_a_marker()
    {
        var huge = new string('x', 100_000);
        var text = AuditLog.Format(new AuditLine(huge, "tool:" + huge, "refused") { RequestId = huge }, DateTimeOffset.UnixEpoch, TimeSpan.Zero);

        var json = JsonNode.Parse(text)!;
        Assert.Equal(new string('x', AuditLog.MaxFieldLength) + AuditLog.TruncatedMarker, (string?)json["caller"]);
        Assert.Equal(AuditLog.MaxFieldLength + AuditLog.TruncatedMarker.Length, ((string?)json["action"])!.Length);
        Assert.True(text.Length < 2_000, $"{text.Length} characters");
    }

    [Fact]
    public void A_lone_surrogate_becomes_a_replacement_character_and_a_pair_is_never_cut_in_half()
    {
        Assert.Equal("a\uFFFDb\uFFFD", AuditLog.Bounded("a\uD800b\uDC00"));
        Assert.Equal("😀", AuditLog.Bounded("😀"));

        var pairAtTheBound = new string('x', AuditLog.MaxFieldLength - 1) + "😀";
        Assert.Equal(new string('x', AuditLog.MaxFieldLength - 1) + AuditLog.TruncatedMarker, AuditLog.Bounded(pairAtTheBound));
        var text = AuditLog.Format(new AuditLine("\uDFFF", pairAtTheBound, "ok"), DateTimeOffset.UnixEpoch, TimeSpan.Zero);
        Assert.Equal("\uFFFD", (string?)JsonNode.Parse(text)!["caller"]);
    }

    [Fact]
    public void Each_write_appends_exactly_one_line_to_the_file()
    {
        var path = Path.GetTempFileName();
        try
        {
            using (var log = new AuditLog(path, TimeProvider.System))
            {
                log.Write(new AuditLine("u\n1", "tool:x\u2028y", "ok"), System.Diagnostics.Stopwatch.GetTimestamp());
                log.Write(new AuditLine("u2", "cli:profiles migrate-identity", "ok") { Transport = AuditTransports.Cli, Rows = new(3, 2, 1, DryRun: false) }, System.Diagnostics.Stopwatch.GetTimestamp());
            }

            var lines = File.ReadAllLines(path);
            Assert.Equal(2, lines.Length);
            Assert.Equal("u\n1", (string?)JsonNode.Parse(lines[0])!["caller"]);
            var cli = JsonNode.Parse(lines[1])!;
            Assert.Equal((3, 2, 1), ((int)cli["rows_changed"]!, (int)cli["rows_skipped"]!, (int)cli["rows_failed"]!));
            Assert.False((bool)cli["dry_run"]!);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Facts_recorded_inside_a_call_reach_its_line_and_nothing_is_recorded_outside_one()
    {
        AuditFacts.RecordCreated(AuditFacts.Kinds.Profile, "outside"); // no call: ignored, no error
        var facts = AuditFacts.Begin();
        await Task.Run(async () =>
        {
            await Task.Yield();
            AuditFacts.RecordCreated(AuditFacts.Kinds.Profile, "p1");
            AuditFacts.RecordDecrypt("j1", "418b7f0d");
        });

        var line = new AuditLine("u", "tool:create_creator_profile", "ok").With(facts);
        Assert.Equal("p1", line.Target);
        Assert.Equal([new KeyValuePair<string, string>("profile", "p1")], line.Created);
        Assert.Equal(("j1", "418b7f0d"), (line.Job, line.KeyFingerprint));
        Assert.Equal("given", (new AuditLine("u", "a", "ok") { Target = "given" }).With(facts).Target);
    }

    [Fact]
    public async Task A_stream_that_opens_calls_back_at_once_with_the_profiles_it_watches()
    {
        var facts = AuditFacts.Begin();
        IReadOnlyList<string>? seen = null;
        facts.Opened = opened =>
        {
            seen = opened.Watched;
            return ValueTask.CompletedTask;
        };

        await AuditFacts.RecordStreamOpenedAsync(["p1", "p2"]);

        Assert.Equal(["p1", "p2"], seen);
        var text = AuditLog.Format(new AuditLine("u", "subscriptions:listen", "open").With(facts), DateTimeOffset.UnixEpoch, TimeSpan.Zero);
        Assert.Contains("\"profiles\":[\"p1\",\"p2\"]", text, StringComparison.Ordinal);
    }
}
