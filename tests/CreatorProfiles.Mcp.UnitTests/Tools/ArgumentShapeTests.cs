using System.Text.Json;
using CreatorProfiles.Mcp.Tools;

namespace CreatorProfiles.Mcp.UnitTests.Tools;

/// <summary>Numbers outside an argument's range: -2^63 for an int limit was answered "failed unexpectedly" (binding
/// failed before the domain's own check), naming no argument.</summary>
public sealed class ArgumentShapeTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse("""
        {"type":"object","properties":{"limit":{"type":"integer","minimum":1,"maximum":100,"default":25},"platform":{"type":"string"}}}
        """).RootElement;

    [Theory]
    [InlineData("-9223372036854775808")]
    [InlineData("9223372036854775807")]
    [InlineData("12345678901234567890123")]
    [InlineData("1e400")]
    [InlineData("0")]
    [InlineData("101")]
    public void A_number_outside_the_schema_range_is_refused_naming_the_argument_and_the_range(string number)
    {
        var problem = ArgumentShape.FindProblem("list_things", Schema, Arguments($$"""{"limit":{{number}}}"""));

        Assert.Equal($"Invalid 'limit': {number}. Allowed: an integer from 1 to 100 (default 25).", problem);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("100")]
    public void A_number_inside_the_range_passes(string number) =>
        Assert.Null(ArgumentShape.FindProblem("list_things", Schema, Arguments($$"""{"limit":{{number}}}""")));

    [Fact]
    public void A_fraction_inside_the_range_is_still_a_type_problem() =>
        Assert.StartsWith("Invalid 'limit': got a JSON number with a fraction", ArgumentShape.FindProblem("list_things", Schema, Arguments("""{"limit":2.5}""")));

    private static Dictionary<string, JsonElement> Arguments(string json) =>
        JsonDocument.Parse(json).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
}
