using System.Text.Json.Nodes;

namespace CreatorProfiles.Mcp.IntegrationTests.Golden;

/// <summary>The golden-file machinery checked on made-up input: a guard that cannot fail guards nothing.</summary>
public sealed class GoldenMachineryTests
{
    private const string AliceSunrise = "0b6e5c39-1f2a-4c8d-9e7f-3a5b7c9d1e2f";
    private const string Alice = "7d2c4e6f-8a1b-4c3d-9e5f-6a7b8c9d0e1f";

    [Fact]
    public void Normalizer_names_seeded_ids_numbers_other_uuids_and_hides_timestamps_and_cursors()
    {
        var names = SeededNames.FromIds(new() { ["profile:alice_sunrise"] = AliceSunrise, ["user:alice"] = Alice });
        var normalizer = new Normalizer(names, ["Y3Vyc29yLWZyb20tcmVxdWVzdA"]);
        var structured = new JsonObject
        {
            ["items"] = new JsonArray(
                new JsonObject { ["id"] = AliceSunrise.ToUpperInvariant(), ["user_id"] = Alice, ["created_at"] = "2026-05-01T10:11:12.345Z" },
                new JsonObject { ["id"] = "11111111-2222-4333-8444-555555555555", ["job_id"] = "99999999-2222-4333-8444-555555555555" },
                new JsonObject { ["id"] = "11111111-2222-4333-8444-555555555555", ["last_scraped_at"] = "2026-05-01T10:11:12+02:00" }),
            ["next_cursor"] = "b2Zmc2V0OjI1",
        };
        var result = new JsonObject
        {
            ["structuredContent"] = structured.DeepClone(),
            ["content"] = new JsonArray(
                new JsonObject { ["type"] = "text", ["text"] = structured.ToJsonString() },
                new JsonObject { ["type"] = "text", ["text"] = $"Cursor Y3Vyc29yLWZyb20tcmVxdWVzdA and b2Zmc2V0OjI1 for {AliceSunrise} at 2026-05-01T10:11:12Z." }),
        };

        var recorded = normalizer.NormalizeCallResult(result);

        Assert.Equal(
            """
            {"isError":false,"structuredContent":{"items":[{"id":"<profile:alice_sunrise>","user_id":"<user:alice>","created_at":"<timestamp>"},{"id":"<uuid:1>","job_id":"<uuid:2>"},{"id":"<uuid:1>","last_scraped_at":"<timestamp>"}],"next_cursor":"<cursor>"},"content":[{"type":"text","text":"<structuredContent as compact JSON>"},{"type":"text","text":"Cursor <cursor> and <cursor> for <profile:alice_sunrise> at <timestamp>."}]}
            """,
            GoldenJson.Compact(recorded));
    }

    [Fact]
    public void A_text_block_that_is_not_exactly_the_structured_content_is_recorded_as_it_is()
    {
        var normalizer = new Normalizer(SeededNames.FromIds([]), []);
        var result = new JsonObject
        {
            ["structuredContent"] = new JsonObject { ["a"] = 1 },
            ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "{\n  \"a\": 1\n}" }, new JsonObject { ["type"] = "text", ["text"] = "{\"a\":2}" }),
        };

        var content = normalizer.NormalizeCallResult(result)["content"]!.AsArray();

        Assert.Equal("{\n  \"a\": 1\n}", (string?)content[0]!["text"]);
        Assert.Equal("{\"a\":2}", (string?)content[1]!["text"]);
    }

    [Fact]
    public void The_declaration_check_reports_each_missing_hint_title_description_and_schema()
    {
        var tool = new JsonObject
        {
            ["name"] = "made_up",
            ["annotations"] = new JsonObject { ["readOnlyHint"] = true, ["destructiveHint"] = true, ["idempotentHint"] = "yes" },
            ["description"] = " ",
            ["inputSchema"] = new JsonObject { ["type"] = "object" },
        };

        var problems = ToolCatalogTests.DeclarationProblems(tool).ToList();

        Assert.Equal(
        [
            "made_up: annotations.openWorldHint is not set to true or false",
            "made_up: annotations.destructiveHint is set on a read-only tool, where it means nothing",
            "made_up: annotations.idempotentHint is set on a read-only tool, where it means nothing",
            "made_up: no title",
            "made_up: no description",
            "made_up: no outputSchema (an object schema)",
        ], problems);
    }

    [Fact]
    public void The_diff_shows_changed_lines_with_context()
    {
        var diff = TextDiff.Unified("a\nb\nc\nd\ne\nf\ng\nh\n", "a\nb\nc\nD\ne\nf\ng\nh\n", "old", "new", context: 1);

        Assert.Equal("--- old\n+++ new\n@@ -3,3 +3,3 @@\n c\n-d\n+D\n e\n", diff.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Golden_json_escapes_invisible_characters_and_keeps_placeholders_readable()
    {
        var text = GoldenJson.Write(new JsonObject { ["caption"] = "Beach\u200B <uuid:1> it's \u202Egpj café" });

        Assert.Equal("{\n  \"caption\": \"Beach\\u200B <uuid:1> it's \\u202Egpj café\"\n}\n", text);
    }
}
