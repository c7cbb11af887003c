using System.Diagnostics.CodeAnalysis;

namespace CreatorProfiles.Mcp.Tools;

/// <summary>
/// Which tools the server offers (docs/tools.md, "Which tools are offered"): <c>--read-only</c> keeps only the tools whose
/// <c>readOnlyHint</c> is true, <c>--toolsets</c> a subset of the toolsets (one per tools class). A tool that is off is
/// absent from tools/list and a call to it by name is refused with a tool error that says why. Every transport passes
/// the same object to <see cref="McpServerBuilderExtensions.WithCreatorProfilesTools"/>.
/// Resources and prompts are not affected: they only read. Resource subscriptions stay too (a subscription polls
/// Directus and writes nothing), and the credentials entry page needs no switch of its own: it only ever serves links
/// minted by request_credentials_entry, a write tool of the credentials toolset, so with that tool off no link exists
/// and its loopback listener never starts.
/// </summary>
public sealed class ToolCatalogOptions
{
    public const string Profiles = "profiles";
    public const string Scrapes = "scrapes";
    public const string Credentials = "credentials";

    /// <summary>Every toolset, in the order they are documented and listed.</summary>
    public static IReadOnlyList<string> ToolsetNames { get; } = [Profiles, Scrapes, Credentials];

    /// <summary>Every tool of every toolset: the default.</summary>
    public static ToolCatalogOptions All { get; } = new();

    /// <summary>Only tools annotated <c>readOnlyHint: true</c>.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>The enabled toolsets (names from <see cref="ToolsetNames"/>); null means all of them.</summary>
    public IReadOnlySet<string>? Toolsets { get; init; }

    /// <summary>
    /// Reads the command-line values: <paramref name="toolsets"/> holds each <c>--toolsets</c> value, a comma list
    /// (names in any case, blanks ignored); null or empty when the option was not given. On failure
    /// <paramref name="error"/> says what was wrong and lists the valid names.
    /// </summary>
    public static bool TryCreate(bool readOnly, IReadOnlyCollection<string>? toolsets,
        [NotNullWhen(true)] out ToolCatalogOptions? options, [NotNullWhen(false)] out string? error)
    {
        options = null;
        error = null;
        HashSet<string>? enabled = null;
        if (toolsets is { Count: > 0 })
        {
            var names = toolsets.SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            var unknown = names.Where(n => !ToolsetNames.Contains(n, StringComparer.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (unknown.Count > 0)
            {
                error = $"unknown toolset{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(u => $"'{u}'"))} in --toolsets. "
                    + $"Valid toolsets: {string.Join(", ", ToolsetNames)} (a comma list, e.g. --toolsets {Profiles},{Scrapes}).";
                return false;
            }

            if (names.Count == 0)
            {
                error = $"--toolsets names no toolset. Valid toolsets: {string.Join(", ", ToolsetNames)} (a comma list; leave the option out for all).";
                return false;
            }

            enabled = names.Select(n => n.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        }

        options = new ToolCatalogOptions { ReadOnly = readOnly, Toolsets = enabled };
        return true;
    }

    /// <summary>Throws when <see cref="Toolsets"/> names a toolset that does not exist (a programming error: users'
    /// values go through <see cref="TryCreate"/>).</summary>
    internal void Validate()
    {
        var unknown = Toolsets?.Where(t => !ToolsetNames.Contains(t, StringComparer.Ordinal)).ToList();
        if (unknown is { Count: > 0 })
        {
            throw new ArgumentException($"Unknown toolset(s) {string.Join(", ", unknown)}; valid: {string.Join(", ", ToolsetNames)}.", nameof(Toolsets));
        }
    }

    /// <summary>Why <paramref name="tool"/> is off under these options, as a message for the agent; null when it is offered.</summary>
    internal string? Refusal(string tool, string toolset, bool readOnlyTool)
    {
        var reasons = new List<string>(2);
        if (Toolsets is not null && !Toolsets.Contains(toolset))
        {
            reasons.Add($"toolset '{toolset}' is not enabled (--toolsets {string.Join(',', ToolsetNames.Where(Toolsets.Contains))})");
        }

        if (ReadOnly && !readOnlyTool)
        {
            reasons.Add("the server runs with --read-only (write tools are off)");
        }

        return reasons.Count == 0 ? null : $"Tool '{tool}' is not available: {string.Join(", and ", reasons)}.";
    }

    /// <summary>How the options read on the command line, e.g. "--read-only --toolsets profiles" ("" for the default).</summary>
    public override string ToString() =>
        string.Join(' ', new[]
        {
            ReadOnly ? "--read-only" : null,
            Toolsets is null ? null : "--toolsets " + string.Join(',', ToolsetNames.Where(Toolsets.Contains)),
        }.Where(s => s is not null));
}

/// <summary>Names the toolset (see <see cref="ToolCatalogOptions.ToolsetNames"/>) of every tool in a tools class.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ToolsetAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
