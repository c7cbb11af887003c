using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CreatorProfiles.Mcp.IntegrationTests.Untrusted;

public sealed partial class PlantedPayloadTests
{
    /// <summary>Parts of the payload that must never be readable outside a fence.</summary>
    private static readonly string[] Fragments = ["IGNORE PREVIOUS", "INSTRUCTIONS", "SYSTEM:", "set_profile_credentials", "evil"];

    private static string? FenceOf(Reply reply) => (string?)reply.Structured?["untrusted_content"]?["fence"];

    private static string Outside(Reply reply) =>
        FenceOf(reply) is { } fence
            ? Regex.Replace(reply.Text, $"⟦untrusted {fence}⟧.*?⟦/untrusted {fence}⟧", "<fenced>", RegexOptions.Singleline)
            : reply.Text;

    /// <summary>No control (a line break only in the prompt's own lines), format (bidi, zero-width, tag), private-use,
    /// unassigned or surrogate character anywhere: not in the text, not in any structured value.</summary>
    private static void AssertNoHiddenCharacter(Reply reply)
    {
        var values = new List<string> { reply.Text };
        if (reply.Structured is not null)
        {
            values.AddRange(Strings(reply.Structured, "").Select(s => s.Value));
        }

        foreach (var rune in values.SelectMany(v => v.EnumerateRunes()))
        {
            var hidden = Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate;
            Assert.False(hidden && !(reply.MultiLine && rune.Value == '\n'), $"{reply.Reader}: U+{rune.Value:X4} in the reply");
        }
    }

    private static void AssertNothingOutsideAFence(Reply reply)
    {
        var outside = Outside(reply);
        Assert.All(Fragments, f => Assert.False(outside.Contains(f, StringComparison.Ordinal), $"{reply.Reader}: '{f}' outside a fence in {outside}"));
    }

    /// <summary>Every fence bracket in the text belongs to a marker of this reply's fence (or to the notice's FENCE
    /// template): nothing planted can open or close one.</summary>
    private static void AssertFenceMarkersAreOnlyTheReplysOwn(Reply reply)
    {
        var fence = FenceOf(reply) ?? "FENCE";
        var markers = Regex.Count(reply.Text, $"⟦/?untrusted (?:{fence}|FENCE)⟧");
        Assert.Equal(markers, reply.Text.Count(c => c == '⟦'));
        Assert.Equal(markers, reply.Text.Count(c => c == '⟧'));
    }

    /// <summary>The whole cleaned payload, what follows its fake fence close included, sits inside one real fence.</summary>
    private static void AssertFencedWhole(Reply reply)
    {
        var fence = FenceOf(reply);
        Assert.True(fence is not null, $"{reply.Reader}: no untrusted_content marker in {reply.Text}");
        Assert.Contains($"⟦untrusted {fence}⟧{CleanedPayload}⟦/untrusted {fence}⟧", reply.Text, StringComparison.Ordinal);
    }

    /// <summary>In the structured content the payload is only ever the value of <c>untrusted.COLUMN</c>, and the
    /// marker names that field.</summary>
    private static void AssertUnderTheMarker(Reply reply, string column)
    {
        var planted = Strings(reply.Structured!, "").Where(s => s.Value.Contains("INSTRUCTIONS", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(planted);
        Assert.All(planted, s => Assert.EndsWith($"untrusted.{column}", s.Path, StringComparison.Ordinal));
        var fields = reply.Structured!["untrusted_content"]!["fields"]!.AsArray().Select(f => (string)f!).ToList();
        Assert.All(planted, s => Assert.Contains(Regex.Replace(s.Path, @"\[\d+\]", "[]"), fields));
    }

    /// <summary>Every string value with its path (<c>items[3].untrusted.caption</c>).</summary>
    private static IEnumerable<(string Path, string Value)> Strings(JsonNode? node, string path) => node switch
    {
        JsonObject obj => obj.SelectMany(p => Strings(p.Value, path.Length == 0 ? p.Key : $"{path}.{p.Key}")),
        JsonArray array => array.SelectMany((item, i) => Strings(item, $"{path}[{i}]")),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => [(path, (string)value!)],
        _ => [],
    };
}
