namespace CreatorProfiles.Mcp.Domain.Credentials.Maintenance;

/// <summary>What one column holds: each value is counted once, under the first configured key that opens it (envelopes
/// and bare <c>"v1:..."</c> strings apart), or as legacy plaintext, unreadable, or nothing stored.</summary>
public sealed class InventoryColumn(MaintenanceTarget target)
{
    public MaintenanceTarget Target { get; } = target;
    public int Rows { get; private set; }

    /// <summary>Key fingerprint -> v1 envelopes (<c>{"enc": "v1:..."}</c>) that key opens.</summary>
    public SortedDictionary<string, int> Envelopes { get; } = new(StringComparer.Ordinal);

    /// <summary>Key fingerprint -> legacy strings holding <c>"v1:..."</c> text (bare, or an envelope's JSON text) that key opens.</summary>
    public SortedDictionary<string, int> BareV1 { get; } = new(StringComparer.Ordinal);

    public int LegacyPlaintext { get; private set; }
    public int Unreadable { get; private set; }
    public int NothingStored { get; private set; }

    /// <summary>Counts one value; returns why it cannot be read when it cannot.</summary>
    internal CredentialsCheckOutcome? Add(CredentialsCheck check)
    {
        Rows++;
        switch (check)
        {
            case { Status: CredentialsCheckOutcome.NoCredentials }:
                NothingStored++;
                return null;
            case { IsReadable: false }:
                Unreadable++;
                return check.Status;
            case { KeyFingerprint: null }:
                LegacyPlaintext++;
                return null;
            case { Format: CredentialsFormat.V1, KeyFingerprint: var key }:
                Envelopes[key] = Envelopes.GetValueOrDefault(key) + 1;
                return null;
            default:
                BareV1[check.KeyFingerprint] = BareV1.GetValueOrDefault(check.KeyFingerprint) + 1;
                return null;
        }
    }

    /// <summary>Values <paramref name="fingerprint"/> opens in this column, envelopes and bare strings together.</summary>
    public int OpenedBy(string fingerprint) => Envelopes.GetValueOrDefault(fingerprint) + BareV1.GetValueOrDefault(fingerprint);
}

/// <summary>The inventory: the configured keys (current first), what each column holds, the rows no configured key
/// reads (ids and status codes only), and why the walk stopped early if it did (then the counts are partial and no
/// key may be judged droppable).</summary>
public sealed record InventoryReport(
    IReadOnlyList<string> KeyFingerprints,
    IReadOnlyList<InventoryColumn> Columns,
    IReadOnlyList<RowResult> UnreadableRows,
    string? StoppedEarly,
    TimeSpan Elapsed)
{
    public string CurrentKey => KeyFingerprints[0];

    public bool Complete => StoppedEarly is null;

    /// <summary>Values <paramref name="fingerprint"/> opens across every column.</summary>
    public int OpenedBy(string fingerprint) => Columns.Sum(c => c.OpenedBy(fingerprint));

    /// <summary>A previous key can be dropped once a complete walk found nothing it opens.</summary>
    public bool CanDrop(string fingerprint) => Complete && fingerprint != CurrentKey && OpenedBy(fingerprint) == 0;
}
