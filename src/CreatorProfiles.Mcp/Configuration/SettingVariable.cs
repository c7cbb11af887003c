using Microsoft.Extensions.Configuration;

namespace CreatorProfiles.Mcp.Configuration;

/// <summary>
/// One environment variable of <see cref="ServerSettings.Variables"/>: how <see cref="ServerSettings.Load"/> reads it,
/// and what the configuration docs and <c>.mcp/server.json</c> say about it (both are generated from these).
/// </summary>
internal sealed class SettingVariable
{
    /// <summary>The variable's name; a part in angle brackets (<c>SCRAPE_COOLDOWN_&lt;PLATFORM&gt;</c>) stands for a family of names.</summary>
    public required string Name { get; init; }

    /// <summary>One line, plain text.</summary>
    public required string Description { get; init; }

    /// <summary>Every deployment sets it (server.json's isRequired): without it the server does not start or, for
    /// DIRECTUS_URL, only finds a Directus on its own machine.</summary>
    public bool Required { get; init; }

    /// <summary>Never printed back (errors, doctor, logs) and marked secret in server.json.</summary>
    public bool Secret { get; init; }

    /// <summary>Read only by <c>--transport http</c>; the stdio package's server.json leaves it out.</summary>
    public bool HttpOnly { get; init; }

    /// <summary>The value is a path on the server's machine (server.json format "filepath").</summary>
    public bool FilePath { get; init; }

    /// <summary>What an unset variable means when it has no default value, e.g. "telemetry off".</summary>
    public string? WhenUnset { get; init; }

    /// <summary>The default as a user would write it, taken from settings nobody configured, so the docs show what the
    /// code does.</summary>
    internal Func<ServerSettings, string>? Default { get; init; }

    internal required Action<ServerSettings, IConfiguration> Read { get; init; }

    /// <summary>The value an unset variable stands for; null when it has none.</summary>
    public string? DefaultValue => Default?.Invoke(new ServerSettings());

    /// <summary>True for a family of names such as <c>SCRAPE_COOLDOWN_&lt;PLATFORM&gt;</c>.</summary>
    public bool IsPattern => Name.Contains('<', StringComparison.Ordinal);
}
