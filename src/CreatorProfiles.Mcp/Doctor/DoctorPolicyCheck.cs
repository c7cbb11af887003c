using CreatorProfiles.Mcp.Directus;
using Profiles = CreatorProfiles.Mcp.Directus.DirectusSchema.Profiles;
using Sessions = CreatorProfiles.Mcp.Directus.DirectusSchema.PlatformSessions;

namespace CreatorProfiles.Mcp.Doctor;

/// <summary>
/// doctor's "policies" check: caller tokens only identify, the service token is the only path to the data. Directus 12
/// without a licence cannot limit a permission to a caller's own rows, so every non-admin policy that can read
/// <c>creator_profiles.credentials</c> or <c>platform_sessions.cookies</c>, or write <c>creator_profiles.user_id</c>,
/// hands every tenant's envelopes (or profiles) to whoever holds it. Each is a failure with its fix, except policies
/// attached only to roles named in CREDENTIALS_DECRYPT_ROLES (the worker). Unattached policies grant nothing and are
/// not reported. Needs an admin token (it reads /policies and /permissions).
/// </summary>
internal static class DoctorPolicyCheck
{
    public const string Name = "policies";

    /// <summary>What a policy must not be able to do: (collection, action, field).</summary>
    private static readonly (string Collection, string Action, string Field)[] Forbidden =
    [
        (Profiles.Collection, "read", Profiles.Credentials),
        (Sessions.Collection, "read", Sessions.Cookies),
        (Profiles.Collection, "create", Profiles.UserId),
        (Profiles.Collection, "update", Profiles.UserId),
    ];

    public static async Task<DoctorCommand.CheckResult> RunAsync(IDirectusApi directus, IReadOnlyList<string> decryptRoles, CancellationToken cancellationToken)
    {
        IReadOnlyList<DirectusPolicy> policies;
        IReadOnlyList<DirectusPermission> permissions;
        try
        {
            policies = (await directus.GetPoliciesAsync(cancellationToken)).Data;
            var filter = new DirectusFilter().In("collection", [Profiles.Collection, Sessions.Collection]).ToJsonObject().ToJsonString();
            permissions = (await directus.GetPermissionsAsync(filter, cancellationToken)).Data;
        }
        catch (DirectusException e) when (e.Kind is DirectusErrorKind.ForbiddenOrMissing or DirectusErrorKind.Unauthorized)
        {
            return DoctorCommand.CheckResult.Fail(Name, $"DIRECTUS_TOKEN may not read the access policies (HTTP {e.StatusCode}), so who else can read the stored credentials is unknown.",
                "Use an admin token as DIRECTUS_TOKEN (the server's service token; see docs/deployment.md).");
        }
        catch (DirectusException e)
        {
            return DoctorCommand.CheckResult.Fail(Name, e.Message, "Check Directus's health and try again.");
        }

        var problems = new List<string>();
        foreach (var policy in policies.Where(p => !p.AdminAccess))
        {
            var attached = policy.Roles ?? [];
            if (attached.Count == 0 || attached.All(a => a.User is null && a.Role?.Name is { } role && decryptRoles.Contains(role, StringComparer.Ordinal)))
            {
                continue; // grants nothing, or only to the roles that decrypt for their work anyway
            }

            var grants = Forbidden
                .Where(f => permissions.Any(p => p.Policy == policy.Id && p.Collection == f.Collection && p.Action == f.Action
                    && (p.Fields ?? []).Any(field => field == "*" || field == f.Field)))
                .Select(f => $"{f.Action} {f.Collection}.{f.Field}")
                .ToList();
            if (grants.Count > 0)
            {
                problems.Add($"policy \"{policy.Name}\" ({policy.Id}, attached to {Describe(attached)}) can {string.Join(", ", grants)}");
            }
        }

        return problems.Count == 0
            ? DoctorCommand.CheckResult.Pass(Name, $"no non-admin policy can read credentials or cookies or reassign a profile ({policies.Count} policies; exempt roles: {string.Join(", ", decryptRoles)})")
            : DoctorCommand.CheckResult.Fail(Name, string.Join("; ", problems),
                "Caller roles need no Directus permission on the five collections (the server reads and writes with its own token): "
                + "remove these permissions from the policies named above (Directus: Settings > Access Policies), or, for a worker, "
                + "name its role in CREDENTIALS_DECRYPT_ROLES. See docs/deployment.md.");
    }

    private static string Describe(IReadOnlyList<DirectusAccess> attached) => string.Join(", ", attached.Select(a =>
        a.Role?.Name is { } role ? $"role {role}" : a.User is { } user ? $"user {user}" : "the public"));
}
