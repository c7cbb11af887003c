using System.Text.RegularExpressions;

namespace CreatorProfiles.Mcp.UnitTests.Docs;

/// <summary>
/// The domain's messages tell the agent which tool to call next ("Use get_media_job ..."): the one MCP word the domain
/// writes. This keeps every such mention a real tool, so renaming or removing a tool without its messages fails here.
/// </summary>
public sealed partial class DomainToolMentionsTests
{
    [Fact]
    public void Every_tool_a_domain_message_names_is_a_tool_of_the_catalogue()
    {
        var tools = Directory.EnumerateFiles(Path.Combine(DocsGenerator.Root, DocsGenerator.ToolSnapshotsFolder), "*.json")
            .Select(Path.GetFileNameWithoutExtension)
            .ToHashSet(StringComparer.Ordinal);
        var domain = Path.Combine(DocsGenerator.Root, "src", "CreatorProfiles.Mcp.Domain");
        var mentions = Directory.EnumerateFiles(domain, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(path => StringLiteral().Matches(File.ReadAllText(path))
                .SelectMany(literal => ToolLikeWord().Matches(literal.Value))
                .Select(word => (File: Path.GetRelativePath(domain, path), Word: word.Value)))
            .ToList();

        Assert.Contains(mentions, m => m.Word == "get_media_job"); // the scan finds what it looks for
        var unknown = mentions.Where(m => !tools.Contains(m.Word)).Select(m => $"{m.File}: {m.Word}").Distinct().ToList();
        Assert.True(unknown.Count == 0, "Domain messages name tools that do not exist:\n" + string.Join("\n", unknown));
    }

    /// <summary>A C# string literal, regular or interpolated, on one line.</summary>
    [GeneratedRegex("""\$?"(?:[^"\\\n]|\\.)*" """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex StringLiteral();

    /// <summary>A snake_case word that starts with a tool verb, as tool names do.</summary>
    [GeneratedRegex(@"\b(?:list|get|search|create|update|set|trigger|request|encrypt)_[a-z]+(?:_[a-z]+)*\b")]
    private static partial Regex ToolLikeWord();
}
