using System.Text.Json;
using CreatorProfiles.Mcp.Directus;

namespace CreatorProfiles.Mcp.Domain.Credentials.Maintenance;

/// <summary>How one stored value is judged: what a row needs (<see cref="Assess"/>), whether a written value reads back
/// as the original (<see cref="Check"/>), and failures described without quoting a payload.</summary>
public sealed partial class CredentialsMaintenance
{
    /// <summary>The outcome when no write is needed, or null when the value must be rewritten.</summary>
    private (RowOutcome Outcome, string? Detail)? Assess(MaintenanceMode mode, JsonElement? value)
    {
        var format = CredentialsFormatClassifier.Classify(value);
        if (format == CredentialsFormat.None)
        {
            return (RowOutcome.Skipped, NothingStored);
        }

        if (mode == MaintenanceMode.MigrateLegacy)
        {
            return format == CredentialsFormat.V1 ? (RowOutcome.AlreadyCurrent, "v1 envelope") : null;
        }

        if (format != CredentialsFormat.V1)
        {
            return (RowOutcome.Skipped, LegacyDuringRotation);
        }

        var verification = cipher.Verify(value);
        if (!verification.IsReadable)
        {
            return (RowOutcome.Failed, verification.Message);
        }

        return verification.OpenedWithPreviousKey ? null : (RowOutcome.AlreadyCurrent, $"v1 key {verification.KeyFingerprint}");
    }

    /// <summary>Null when <paramref name="stored"/> is a v1 envelope that the CURRENT key opens to exactly the fields
    /// and values of <paramref name="original"/>; otherwise what is wrong (no values in it).</summary>
    private string? Check(JsonElement? stored, OpenedCredentials original)
    {
        OpenedCredentials reread;
        try
        {
            reread = cipher.Decrypt(stored);
        }
        catch (UnreadableCredentialsException e)
        {
            return e.Status.ToString();
        }

        if (reread.Format != CredentialsFormat.V1)
        {
            return $"stored as {reread.Format.ToName()}";
        }

        if (reread.OpenedWithPreviousKey || reread.KeyFingerprint != cipher.KeyFingerprint)
        {
            return "not opened by the current key";
        }

        if (!reread.FieldNames.Order(StringComparer.Ordinal).SequenceEqual(original.FieldNames.Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            return "different field names";
        }

        return original.Credentials.All(p => reread.Credentials.TryGetValue(p.Key, out var value) && string.Equals(value, p.Value, StringComparison.Ordinal))
            ? null
            : "different values";
    }

    private static JsonElement? ValueOf(EncryptedFieldRow row, MaintenanceTarget target) =>
        target.Field == MaintenanceTarget.SessionCookies.Field ? row.Cookies : row.Credentials;

    /// <summary>Directus's own text for a refused request can quote the payload: keep the kind and codes only then.</summary>
    private static string Describe(DataAccessException e) => e is { Failure: DataAccessFailure.Rejected, InnerException: DirectusException refused }
        ? $"Directus refused the request (HTTP {refused.StatusCode}{(refused.DirectusCode is null ? "" : " " + refused.DirectusCode)})"
        : e.Message;
}
