using System.Text.Json;
using CreatorProfiles.Mcp.Domain.Validation;
using CreatorProfiles.Mcp.Tools;

namespace CreatorProfiles.Mcp.UnitTests.Tools;

public class ToolSchemaShaperTests
{
    private static string Compact(JsonElement element) => JsonSerializer.Serialize(element);

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Fact]
    public void ShapeOutput_KeepsOnlyTheTopLevelFieldNames()
    {
        var schema = Parse("""
            {"type":"object","description":"x","properties":{
              "id":{"type":"string","format":"uuid"},
              "items":{"type":"array","items":{"type":"object","properties":{"a":{"type":"integer"}}}},
              "delivery":{"type":"string","description":"url or elicitation"},
              "at":{"type":["string","null"],"format":"date-time"}},
             "required":["id","items"]}
            """);

        Assert.Equal("""{"type":"object","properties":{"id":{},"items":{},"delivery":{},"at":{}}}""", Compact(ToolSchemaShaper.ShapeOutput(schema)));
    }

    [Fact]
    public void ShapeOutput_NamesTheUntrustedMarkerWhenAnyNestedResultHasAnUntrustedObject()
    {
        var nested = Parse("""
            {"type":"object","properties":{"items":{"type":"array","items":{"type":"object","properties":{"id":{},"untrusted":{"type":"object"}}}}}}
            """);
        var plain = Parse("""{"type":"object","properties":{"items":{"type":"array","items":{"type":"object","properties":{"id":{}}}}}}""");

        Assert.Equal("""{"type":"object","properties":{"items":{},"untrusted_content":{}}}""", Compact(ToolSchemaShaper.ShapeOutput(nested)));
        Assert.Equal("""{"type":"object","properties":{"items":{}}}""", Compact(ToolSchemaShaper.ShapeOutput(plain)));
    }

    [Fact]
    public void ShapeInput_MakesNullablesOptionalAndUuidPatternsAFormat()
    {
        var schema = Parse("""
            {"type":"object","properties":{
              "id":{"type":"string","pattern":"UUID"},
              "limit":{"type":["integer","null"],"default":null,"minimum":1},
              "force":{"type":["boolean","null"],"default":false}},
             "required":["id","limit"]}
            """.Replace("UUID", JsonEncodedText.Encode(ArgumentRules.UuidPattern).ToString(), StringComparison.Ordinal));

        Assert.Equal("""{"type":"object","properties":{"id":{"type":"string","format":"uuid"},"limit":{"type":"integer","minimum":1},"force":{"type":"boolean","default":false}},"required":["id"]}""",
            Compact(ToolSchemaShaper.ShapeInput(schema)));
    }
}
