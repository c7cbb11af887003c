using System.Globalization;
using CreatorProfiles.Mcp.Domain.Credentials.Entry;
using Microsoft.Extensions.Configuration;

namespace CreatorProfiles.Mcp.Configuration;

/// <summary>The value parsers the variable readers share: each problem becomes one line in <see cref="Errors"/>.</summary>
public sealed partial class ServerSettings
{
    private TimeSpan? ReadDuration(IConfiguration configuration, string variable, TimeSpan min, TimeSpan max, string example)
    {
        var text = configuration[variable];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (TimeSpan.TryParse(text.Trim(), CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        _errors.Add($"{variable} is not a duration from {min:c} to {max:c} such as {example} (hh:mm:ss).");
        return null;
    }

    private bool? ReadSwitch(IConfiguration configuration, string variable)
    {
        switch (configuration[variable]?.Trim().ToLowerInvariant())
        {
            case null or "": return null;
            case "true" or "1": return true;
            case "false" or "0": return false;
            default: _errors.Add($"{variable} is not true or false."); return null;
        }
    }

    private int? ReadCount(IConfiguration configuration, string variable)
    {
        var text = configuration[variable];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= 100_000)
        {
            return value;
        }

        _errors.Add($"{variable} is not a whole number from 0 (no limit) to 100000 such as 120.");
        return null;
    }

    private void ReadEntryMaxOpen(IConfiguration configuration)
    {
        if (ReadCount(configuration, EntryMaxOpenVariable) is not { } count)
        {
            return;
        }

        if (count is >= 1 and <= 100)
        {
            CredentialsEntry.MaxOpenLinksPerCaller = count;
        }
        else
        {
            _errors.Add($"{EntryMaxOpenVariable} is not a whole number from 1 to 100 such as {CredentialsEntryOptions.DefaultMaxOpenLinksPerCaller}.");
        }
    }

    private static List<string> SplitList(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
