using System.Diagnostics;
using CreatorProfiles.Mcp.Configuration;
using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain.Credentials;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreatorProfiles.Mcp.Doctor;

/// <summary>
/// `doctor`: is this server ready to serve? One line per check with a mark, and for each failure the fix.
/// Checks that depend on an earlier failure are skipped, not failed twice. Exit code 1 on any failure.
/// </summary>
internal static class DoctorCommand
{
    public static async Task<int> RunAsync(ServerSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        var results = new List<CheckResult>();
        var configErrors = settings.Errors.Where(e => !e.StartsWith("CREDENTIALS_", StringComparison.Ordinal)).ToList();
        results.Add(configErrors.Count == 0
            ? CheckResult.Pass("configuration", $"DIRECTUS_URL={settings.Directus.BaseUrl}")
            : CheckResult.Fail("configuration", string.Join(" ", configErrors), "Set the variables named above (see docs/configuration.md)."));

        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.None));
        services.AddSingleton(Options.Create(settings.Directus));
        settings.Directus.ReadRetries = 0; // a diagnosis wants the first answer, not a retried one
        settings.Directus.TotalTimeout = settings.Directus.AttemptTimeout;
        services.AddDirectusClient();
        await using var provider = services.BuildServiceProvider();
        var directus = provider.GetRequiredService<IDirectusApi>();

        var reachable = await CheckReachableAsync(directus, settings, cancellationToken);
        results.Add(reachable);
        var token = reachable.Ok && !string.IsNullOrEmpty(settings.Directus.Token)
            ? await CheckTokenAsync(directus, cancellationToken)
            : CheckResult.Skip("token", reachable.Ok ? "DIRECTUS_TOKEN is not set" : "Directus is not reachable");
        results.Add(token);
        results.Add(token.Ok
            ? await CheckSchemaAsync(directus, cancellationToken)
            : CheckResult.Skip("schema", "needs a valid token"));
        results.Add(token.Ok
            ? await DoctorPolicyCheck.RunAsync(directus, settings.DecryptRoles, cancellationToken)
            : CheckResult.Skip(DoctorPolicyCheck.Name, "needs a valid token"));
        results.Add(CheckKey(settings));
        if (settings.OAuthAuthority is { } authority)
        {
            results.Add(await DoctorOAuthCheck.RunAsync(authority, cancellationToken));
        }

        if (settings.Redis is { } redis)
        {
            results.Add(await DoctorRedisCheck.RunAsync(redis, cancellationToken));
        }

        Print(results, output);
        return results.Any(r => r.State == CheckState.Fail) ? 1 : 0;
    }

    private static async Task<CheckResult> CheckReachableAsync(IDirectusApi directus, ServerSettings settings, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var pong = await directus.PingAsync(cancellationToken);
            return pong.Trim() == "pong"
                ? CheckResult.Pass("directus reachable", $"{settings.Directus.BaseUrl} answered in {watch.ElapsedMilliseconds} ms")
                : CheckResult.Fail("directus reachable", $"{settings.Directus.BaseUrl}server/ping did not answer \"pong\"", "Check that DIRECTUS_URL points at Directus, not another service.");
        }
        catch (DirectusException e)
        {
            return CheckResult.Fail("directus reachable", e.Message,
                $"Start Directus (local stack: samples/directus/stack.sh up) or correct DIRECTUS_URL (now {settings.Directus.BaseUrl}).");
        }
    }

    private static async Task<CheckResult> CheckTokenAsync(IDirectusApi directus, CancellationToken cancellationToken)
    {
        try
        {
            var user = (await directus.GetCurrentUserAsync(cancellationToken: cancellationToken)).Data;
            var access = (await directus.GetCurrentGlobalAccessAsync(cancellationToken: cancellationToken)).Data;
            var who = user.Email ?? user.Id;
            return CheckResult.Pass("token", $"belongs to {who} (role {user.Role?.Name ?? "none"}{(access.AdminAccess ? ", admin" : "")})");
        }
        catch (DirectusException e) when (e.Kind is DirectusErrorKind.Unauthorized or DirectusErrorKind.ForbiddenOrMissing)
        {
            return CheckResult.Fail("token", $"Directus rejected DIRECTUS_TOKEN (HTTP {e.StatusCode}).",
                "Set DIRECTUS_TOKEN to a user's static token (Directus: user > Token; local stack: samples/directus/stack.sh env).");
        }
        catch (DirectusException e)
        {
            return CheckResult.Fail("token", e.Message, "Check Directus's health and try again.");
        }
    }

    private static async Task<CheckResult> CheckSchemaAsync(IDirectusApi directus, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        foreach (var (collection, required) in DirectusSchema.Collections)
        {
            try
            {
                var fields = (await directus.GetFieldsAsync(collection, cancellationToken)).Data.ToDictionary(f => f.Field, StringComparer.Ordinal);
                if (fields.Count == 0)
                {
                    problems.Add($"collection {collection} is missing");
                    continue;
                }

                var missing = required.Where(f => !fields.ContainsKey(f)).ToList();
                if (missing.Count > 0)
                {
                    problems.Add($"{collection} lacks {string.Join(", ", missing)}");
                }

                problems.AddRange(DirectusSchema.UniqueKeys
                    .Where(k => k.Collection == collection && fields.TryGetValue(k.Field, out var f) && f.Schema?.IsUnique != true)
                    .Select(k => $"{collection}.{k.Field} is not UNIQUE"));
            }
            catch (DirectusException e) when (e.Kind is DirectusErrorKind.ForbiddenOrMissing)
            {
                problems.Add($"collection {collection} is missing (or the token may not read its fields)");
            }
        }

        return problems.Count == 0
            ? CheckResult.Pass("schema", "5 collections, unique identity_key and active_key columns")
            : CheckResult.Fail("schema", string.Join("; ", problems),
                "Apply samples/directus/schema.json (samples/directus/stack.sh does it for the local stack; elsewhere POST /schema/diff + /schema/apply as admin).");
    }

    private static CheckResult CheckKey(ServerSettings settings)
    {
        var keyError = settings.Errors.FirstOrDefault(e => e.StartsWith("CREDENTIALS_", StringComparison.Ordinal));
        if (keyError is not null)
        {
            return CheckResult.Fail("encryption key", keyError, $"Set {CredentialKeyring.CurrentKeyVariable} to standard base64 of 32 random bytes (openssl rand -base64 32).");
        }

        return settings.Keyring is { } keyring
            ? CheckResult.Pass("encryption key", $"AES-256 key {keyring.CurrentFingerprint}" + (keyring.Previous.Count > 0 ? $" (+{keyring.Previous.Count} previous for decryption)" : "") +
                (settings.AcceptLegacy ? $"; legacy forms read ({CredentialsCipher.AcceptLegacyVariable}=true)" : $"; legacy forms refused ({CredentialsCipher.AcceptLegacyVariable}=false)"))
            : CheckResult.Fail("encryption key", $"{CredentialKeyring.CurrentKeyVariable} is not set: credential tools are off.",
                $"Set {CredentialKeyring.CurrentKeyVariable} to standard base64 of 32 random bytes (openssl rand -base64 32); keep it safe: losing it loses every stored credential.");
    }

    private static void Print(IReadOnlyList<CheckResult> results, TextWriter output)
    {
        var width = results.Max(r => r.Name.Length);
        foreach (var result in results)
        {
            var mark = result.State switch { CheckState.Pass => "[ok]  ", CheckState.Fail => "[FAIL]", _ => "[skip]" };
            output.WriteLine($"{mark} {result.Name.PadRight(width)}  {result.Detail}");
            if (result.Fix is not null)
            {
                output.WriteLine($"       {new string(' ', width)}  fix: {result.Fix}");
            }
        }

        var failed = results.Count(r => r.State == CheckState.Fail);
        output.WriteLine(failed == 0 ? "doctor: all checks passed." : $"doctor: {failed} check(s) failed.");
    }

    internal enum CheckState { Pass, Fail, Skip }

    internal sealed record CheckResult(string Name, CheckState State, string Detail, string? Fix)
    {
        public bool Ok => State == CheckState.Pass;
        public static CheckResult Pass(string name, string detail) => new(name, CheckState.Pass, detail, null);
        public static CheckResult Fail(string name, string detail, string fix) => new(name, CheckState.Fail, detail, fix);
        public static CheckResult Skip(string name, string why) => new(name, CheckState.Skip, $"skipped: {why}", null);
    }
}
