using System.Globalization;
using System.Text.Json;

namespace CreatorProfiles.Mcp.IntegrationTests.Fuzz;

/// <summary>What came back for one call, from either lane: a tool result (maybe isError) or a JSON-RPC error.</summary>
internal sealed record FuzzAnswer(bool IsError, string Text, string? ProtocolError = null)
{
    /// <summary>A successful list's next page cursor: a later valid case of the same tool sends it back.</summary>
    public string? NextCursor { get; init; }

    private static readonly string[] GenericWords = ["failed unexpectedly", "an error occurred", "internal error", "exception", "   at "];

    /// <summary>The result of a raw JSON-RPC answer (the raw lane).</summary>
    public static FuzzAnswer FromMessage(JsonElement message)
    {
        if (!message.TryGetProperty("result", out var result))
        {
            return new FuzzAnswer(true, "", message.GetProperty("error").GetRawText());
        }

        var text = result.TryGetProperty("content", out var content)
            ? string.Concat(content.EnumerateArray().Where(b => b.TryGetProperty("text", out _)).Select(b => b.GetProperty("text").GetString()))
            : "";
        return new FuzzAnswer(result.TryGetProperty("isError", out var isError) && isError.ValueKind == JsonValueKind.True, text);
    }

    /// <summary>Why this answer is not acceptable, or null: a protocol error for a known tool; a refusal that is
    /// generic, carries a stack trace or an invisible character, or names neither an argument nor what to do.</summary>
    public string? Problem(IReadOnlyCollection<string> argumentNames, IReadOnlyCollection<string> toolNames)
    {
        if (ProtocolError is not null)
        {
            return "a JSON-RPC error for a known tool: " + ProtocolError;
        }

        if (!IsError)
        {
            return null;
        }

        if (GenericWords.FirstOrDefault(w => Text.Contains(w, StringComparison.OrdinalIgnoreCase)) is { } generic)
        {
            return $"a generic refusal ('{generic.Trim()}'): {Text}";
        }

        if (RawJson.HasLoneSurrogate(Text))
        {
            return "a refusal carrying a lone surrogate: " + RawJson.Shown(Text);
        }

        if (Text.FirstOrDefault(IsInvisible) is var hidden && hidden != default)
        {
            return $"a refusal carrying the invisible character U+{(int)hidden:X4}: {RawJson.Shown(Text)}";
        }

        var namesArgument = argumentNames.Any(a => Text.Contains($"'{a}'", StringComparison.Ordinal))
            || Text.Contains("Unknown argument", StringComparison.Ordinal);
        var saysWhatToDo = Text.Contains("Allowed", StringComparison.Ordinal) || Text.Contains("wait until", StringComparison.Ordinal)
            || toolNames.Any(t => Text.Contains(t, StringComparison.Ordinal));
        return namesArgument || saysWhatToDo ? null : "a refusal that names no argument and says nothing to do: " + Text;
    }

    private static bool IsInvisible(char c) =>
        char.IsControl(c)
        || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
