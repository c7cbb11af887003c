using System.Text;
using System.Text.Json;
using CreatorProfiles.Mcp.Hosting;

namespace CreatorProfiles.Mcp.UnitTests.Hosting;

/// <summary>An escaped lone surrogate in a request made the SDK answer a bare JSON-RPC error before any tool ran; the
/// stdio reader now rewrites it as U+FFFD, and leaves every other escape as it was.</summary>
public sealed class LoneSurrogateEscapesTests
{
    [Theory]
    [InlineData("""{"id":"ia\ud800F6Ko"}""", """{"id":"ia\uFFFDF6Ko"}""", 1)]
    [InlineData("""{"x\uDC00":"a"}""", """{"x\uFFFD":"a"}""", 1)]
    [InlineData("""{"a":"\udc00\ud800"}""", """{"a":"\uFFFD\uFFFD"}""", 2)]
    [InlineData("""{"a":"\ud800"}""", """{"a":"\uFFFD"}""", 1)]
    [InlineData("""{"a":"x\ud83d\ude00y"}""", """{"a":"x\ud83d\ude00y"}""", 0)]
    [InlineData("""{"a":"\\ud800"}""", """{"a":"\\ud800"}""", 0)]
    [InlineData("""{"a":"\"\ud800"}""", """{"a":"\"\uFFFD"}""", 1)]
    [InlineData("""{"a":"\u00e9\n"}""", """{"a":"\u00e9\n"}""", 0)]
    public void Lone_surrogate_escapes_become_replacement_characters_and_nothing_else_changes(string line, string expected, int count)
    {
        var bytes = Encoding.UTF8.GetBytes(line);

        Assert.Equal(count, LoneSurrogateEscapes.ReplaceInPlace(bytes));

        Assert.Equal(expected, Encoding.UTF8.GetString(bytes));
        using var readable = JsonDocument.Parse(bytes);
        foreach (var property in readable.RootElement.EnumerateObject())
        {
            Assert.NotNull(property.Value.GetString()); // a lone surrogate would throw here
        }
    }
}
