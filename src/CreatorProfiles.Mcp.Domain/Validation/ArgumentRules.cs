using System.Globalization;
using System.Text.Json;
using CreatorProfiles.Mcp.Domain.Untrusted;

namespace CreatorProfiles.Mcp.Domain.Validation;

/// <summary>
/// Every argument rule of every tool, in one place, so each refusal reads the same way: the field, the bad value,
/// and what is allowed (docs/tools.md).
/// </summary>
public static class ArgumentRules
{
    public const int MinLimit = 1;
    public const int MaxLimit = 100;
    public const int DefaultLimit = 25;

    /// <summary>The UUID spelling accepted by <see cref="Uuid"/>, for input schemas.</summary>
    public const string UuidPattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

    /// <summary>Longest value quoted back in a refusal: enough to recognise it, not enough to flood a context.</summary>
    private const int MaxQuotedLength = 60;

    public static string Platform(string? value, IReadOnlyList<string> supported, string field = "platform")
    {
        var normalized = value?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(normalized) || !supported.Contains(normalized, StringComparer.Ordinal))
        {
            throw new InvalidArgumentException(field, Quote(value), $"one of {string.Join(", ", supported)} (case-insensitive)");
        }

        return normalized;
    }

    public static string? OptionalPlatform(string? value, IReadOnlyList<string> supported, string field = "platform") =>
        value is null ? null : Platform(value, supported, field);

    public static string ScrapeStatus(string? value, string field = "scrape_status")
    {
        var normalized = value?.Trim().ToLowerInvariant();
        if (normalized is null || !ScrapeStatuses.All.Contains(normalized, StringComparer.Ordinal))
        {
            throw new InvalidArgumentException(field, Quote(value), $"one of {string.Join(", ", ScrapeStatuses.All)}");
        }

        return normalized;
    }

    public static string? OptionalScrapeStatus(string? value, string field = "scrape_status") =>
        value is null ? null : ScrapeStatus(value, field);

    /// <summary>A hyphenated UUID (any case), returned lower-case (the form Directus stores and unique keys compare).</summary>
    public static string Uuid(string? value, string field)
    {
        if (value is null || !Guid.TryParseExact(value.Trim(), "D", out var id))
        {
            throw new InvalidArgumentException(field, Quote(value), "a UUID such as 3f2b8c1e-5d4a-4b6f-9e21-7c0d5a9b1f42");
        }

        return id.ToString("D", CultureInfo.InvariantCulture);
    }

    public static string? OptionalUuid(string? value, string field) => value is null ? null : Uuid(value, field);

    public static int Limit(int? value, string field = "limit") => IntegerInRange(value, MinLimit, MaxLimit, DefaultLimit, field);

    public const int MaxUsernameLength = 64;
    public const string UsernamePattern = "^[A-Za-z0-9._-]{1,64}$";
    private const string UsernameRule = "1 to 64 characters: letters A-Z or a-z, digits, '.', '_' or '-' (surrounding spaces are trimmed)";

    /// <summary>A platform handle: trimmed; ASCII letters, digits, '.', '_' and '-' (what the supported platforms allow).</summary>
    public static string Username(string? value, string field = "username")
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxUsernameLength || !trimmed.All(IsUsernameChar))
        {
            throw new InvalidArgumentException(field, Quote(value), UsernameRule);
        }

        return trimmed;
    }

    /// <summary>A username fragment to search for: the username alphabet, up to the username length; empty means any.</summary>
    public static string? SearchQuery(string? value, string field = "query")
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        if (trimmed.Length > MaxUsernameLength || !trimmed.All(IsUsernameChar))
        {
            throw new InvalidArgumentException(field, Quote(value), "part of a username: " + UsernameRule);
        }

        return trimmed;
    }

    public const int MaxErrorMessageLength = 500;

    /// <summary>A failure message to store with a profile: trimmed, 1 to 500 characters, one line of visible text. An
    /// admin's agent reads it back later, so a line break, bidi override, zero-width or tag character is refused (named
    /// by code point, never echoed) instead of being stored for that agent.</summary>
    public static string ErrorMessage(string? value, string field = "error")
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxErrorMessageLength)
        {
            throw new InvalidArgumentException(field, Quote(value), $"a message of 1 to {MaxErrorMessageLength} characters saying what went wrong");
        }

        if (UntrustedText.FirstHiddenCharacter(trimmed) is { } hidden)
        {
            throw new InvalidArgumentException(field, shownValue: null,
                $"one line of visible text; it contains {hidden} (a line break, tab, control, bidi, zero-width or tag character). Write the message on one line without them");
        }

        return trimmed;
    }

    /// <summary>A media job status (queued, running, done, failed), or null for any.</summary>
    public static string? OptionalJobStatus(string? value, string field = "status") => OneOf(value, JobStatuses.All, field);

    /// <summary>A HITL session status; <see cref="HitlStatuses.Pending"/> when omitted (what an agent usually wants).</summary>
    public static string HitlStatus(string? value, string field = "status") => OneOf(value, HitlStatuses.All, field) ?? HitlStatuses.Pending;

    private static string? OneOf(string? value, IReadOnlyList<string> allowed, string field)
    {
        if (value is null)
        {
            return null;
        }

        var normalized = value.Trim().ToLowerInvariant();
        return allowed.Contains(normalized, StringComparer.Ordinal)
            ? normalized
            : throw new InvalidArgumentException(field, Quote(value), $"one of {string.Join(", ", allowed)}");
    }

    public static int IntegerInRange(int? value, int min, int max, int defaultValue, string field)
    {
        var number = value ?? defaultValue;
        if (number < min || number > max)
        {
            throw new InvalidArgumentException(field, number.ToString(CultureInfo.InvariantCulture), $"an integer from {min} to {max} (default {defaultValue})");
        }

        return number;
    }

    public const int MaxCredentialFields = 32;
    public const int MaxCredentialNameLength = 64;
    public const int MaxCredentialValueLength = 8192;

    /// <summary>
    /// A credentials object: 1 to 32 fields, names of 1 to 64 letters, digits, '.', '_' or '-', string values of at
    /// most 8192 characters. Refusals name fields, never quote values: these are secrets.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Credentials(IReadOnlyDictionary<string, string?>? value, string field = "credentials")
    {
        const string allowed = "an object of 1 to 32 fields, each name 1-64 letters, digits, '.', '_' or '-', each value a string of up to 8192 characters, e.g. {\"username\": \"...\", \"password\": \"...\"}";
        if (value is null || value.Count is 0 or > MaxCredentialFields)
        {
            throw new InvalidArgumentException(field, value is null ? "(missing)" : $"({value.Count} fields)", allowed);
        }

        foreach (var (name, secret) in value)
        {
            if (name.Length is 0 or > MaxCredentialNameLength || !name.All(IsUsernameChar))
            {
                throw new InvalidArgumentException(field, $"(field name {Quote(name)})", allowed);
            }

            if (secret is null || secret.Length > MaxCredentialValueLength)
            {
                throw new InvalidArgumentException(field, $"(the value of '{name}' is {(secret is null ? "null" : "too long")}; values are never shown)", allowed);
            }
        }

        return value.ToDictionary(p => p.Key, p => p.Value!, StringComparer.Ordinal);
    }

    private static bool IsUsernameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';

    /// <summary>A JSON value's kind as messages name it ("an object", "a string", ...): never the value itself.</summary>
    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "no value",
    };

    /// <summary>The same wording for a token met while reading JSON with a <see cref="Utf8JsonReader"/>.</summary>
    public static string Describe(JsonTokenType token) => Describe(token switch
    {
        JsonTokenType.StartObject => JsonValueKind.Object,
        JsonTokenType.StartArray => JsonValueKind.Array,
        JsonTokenType.String => JsonValueKind.String,
        JsonTokenType.Number => JsonValueKind.Number,
        JsonTokenType.True => JsonValueKind.True,
        JsonTokenType.False => JsonValueKind.False,
        JsonTokenType.Null => JsonValueKind.Null,
        _ => JsonValueKind.Undefined,
    });

    /// <summary>Quotes a user value for a refusal message, shortened, with control, line-separator and invisible
    /// format characters (zero-width, bidi overrides) masked so the message reads as what it is.</summary>
    public static string Quote(string? value)
    {
        if (value is null)
        {
            return "(missing)";
        }

        var shown = value.Length <= MaxQuotedLength ? value : value[..MaxQuotedLength] + "…";
        var cleaned = string.Concat(shown.Select(c => IsInvisibleOrBreaking(c) ? '?' : c));
        return $"\"{cleaned}\"";
    }

    private static bool IsInvisibleOrBreaking(char c) =>
        char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
