using System.Diagnostics;
using CreatorProfiles.Mcp.Directus;

namespace CreatorProfiles.Mcp.Domain.Credentials.Maintenance;

/// <summary>
/// <c>credentials inventory</c> (docs/credentials.md): walks <c>creator_profiles.credentials</c> and
/// <c>platform_sessions.cookies</c> page by page, read-only, and counts per column which configured key opens each
/// stored value (envelopes and bare <c>"v1:..."</c> strings apart), the legacy plaintext ones, the unreadable ones and
/// the empty ones, so an operator knows when a previous key opens nothing any more and can be dropped.
/// </summary>
/// <remarks>
/// It only lists (GET); values are decrypted in memory to learn which key authenticates them (AES-GCM tells only by
/// opening) and never leave this class: the report holds counts, key fingerprints, ids and status codes. Paging is
/// by offset over each collection sorted by id, as in <see cref="CredentialsMaintenance"/>. The cipher must accept
/// the legacy forms (the default), so a bare string is attributed to the key that opens it.
/// </remarks>
public sealed class CredentialsInventory(IDirectusApi directus, CredentialsCipher cipher, int pageSize = CredentialsMaintenance.DefaultPageSize)
{
    private readonly int _pageSize = pageSize is > 0 and <= 1000 ? pageSize : throw new ArgumentOutOfRangeException(nameof(pageSize));

    public async Task<InventoryReport> RunAsync(IMaintenanceProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var watch = Stopwatch.StartNew();
        var columns = new List<InventoryColumn>();
        var unreadable = new List<RowResult>();
        string? stoppedEarly = null;
        foreach (var target in MaintenanceTarget.All)
        {
            var column = new InventoryColumn(target);
            columns.Add(column);
            try
            {
                await WalkAsync(column, unreadable, progress, cancellationToken);
            }
            catch (DataAccessException e)
            {
                stoppedEarly = $"reading {target} failed: {e.Message}";
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                stoppedEarly = "interrupted";
            }

            progress.TargetFinished(target, column.Rows);
            if (stoppedEarly is not null)
            {
                break;
            }
        }

        return new InventoryReport(cipher.KeyFingerprints, columns, unreadable, stoppedEarly, watch.Elapsed);
    }

    private async Task WalkAsync(InventoryColumn column, List<RowResult> unreadable, IMaintenanceProgress progress, CancellationToken cancellationToken)
    {
        var target = column.Target;
        var isCookies = target == MaintenanceTarget.SessionCookies;
        for (var offset = 0; ; offset += _pageSize)
        {
            var page = await directus.ListItemsAsync<EncryptedFieldRow>(target.Collection, fields: $"{DirectusSchema.Profiles.Id},{target.Field}",
                sort: DirectusSchema.Profiles.Id, limit: _pageSize, offset: offset, meta: offset == 0 ? "filter_count" : null, cancellationToken: cancellationToken);
            if (offset == 0)
            {
                progress.TargetStarted(target, page.Meta?.FilterCount);
            }

            foreach (var row in page.Data)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (column.Add(cipher.Verify(isCookies ? row.Cookies : row.Credentials)) is { } status)
                {
                    unreadable.Add(new RowResult(target, row.Id, RowOutcome.Failed, status.ToCode()));
                }

                progress.RowDone(column.Rows);
            }

            if (page.Data.Count < _pageSize)
            {
                return;
            }
        }
    }
}
