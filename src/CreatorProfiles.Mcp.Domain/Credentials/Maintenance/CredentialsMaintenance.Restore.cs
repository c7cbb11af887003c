using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Directus;

namespace CreatorProfiles.Mcp.Domain.Credentials.Maintenance;

/// <summary>The restore step: what happens when a row read back after its write does not hold a value that verifies.</summary>
public sealed partial class CredentialsMaintenance
{
    private const string ChangedByAnotherWriter = "changed by another writer during the run, newer value left as it is";

    /// <summary>
    /// The row read back as <paramref name="written"/>, which is not the envelope just written (that one verified in
    /// memory). If it opens, someone else stored a usable value after the write (a person setting new credentials):
    /// it is newer than <paramref name="original"/> and stays. If it does not open, the write was damaged on its way,
    /// and the readable original is put back, compare-and-set style: the row is read again right before, and left
    /// alone when it no longer holds <paramref name="written"/> (another writer got there in between).
    /// </summary>
    private async Task<RowResult> RestoreAsync(MaintenanceTarget target, string id, JsonElement? original, JsonElement? written, string problem, CancellationToken cancellationToken)
    {
        RowResult Result(RowOutcome outcome, string detail) => new(target, id, outcome, detail);

        if (cipher.Verify(written).IsReadable)
        {
            return Result(RowOutcome.ChangedMeanwhile, ChangedByAnotherWriter);
        }

        JsonElement? current;
        try
        {
            current = ValueOf((await directus.GetItemAsync<EncryptedFieldRow>(target.Collection, id, $"{IdField},{target.Field}", cancellationToken: cancellationToken)).Data, target);
        }
        catch (DataAccessException e) when (e.Failure == DataAccessFailure.NotFound)
        {
            return Result(RowOutcome.Skipped, DeletedMeanwhile);
        }
        catch (DataAccessException e)
        {
            return Result(RowOutcome.Failed, $"the value read back did not verify ({problem}) and the row could not be read again to put the original back ({Describe(e)}); check this row with get_credentials_status");
        }

        if (!SameJson(current, written))
        {
            return Result(RowOutcome.ChangedMeanwhile, ChangedByAnotherWriter);
        }

        try
        {
            await directus.UpdateItemAsync<EncryptedFieldRow>(target.Collection, id, new JsonObject { [target.Field] = JsonNode.Parse(original!.Value.GetRawText()) }, IdField, cancellationToken);
            return Result(RowOutcome.Failed, $"the value read back did not verify ({problem}); the original value was written back");
        }
        catch (DataAccessException e)
        {
            return Result(RowOutcome.Failed, $"the value read back did not verify ({problem}) and writing the original back failed ({Describe(e)}); check this row with get_credentials_status");
        }
    }

    private static bool SameJson(JsonElement? a, JsonElement? b) =>
        a is { } x && b is { } y ? JsonElement.DeepEquals(x, y) : a is null && b is null;
}
