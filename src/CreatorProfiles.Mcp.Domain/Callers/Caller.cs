namespace CreatorProfiles.Mcp.Domain.Callers;

/// <summary>Who a request acts for. Non-admin callers only ever see their own profiles (the rule is <see cref="Ownership"/>).</summary>
public sealed record Caller(string UserId, bool IsAdmin)
{
    /// <summary>The caller's Directus role name, when it was looked up (HTTP mode; the decrypt endpoint's gate).</summary>
    public string? RoleName { get; init; }
}

/// <summary>Resolves the caller of the current request.</summary>
public interface ICallerAccessor
{
    ValueTask<Caller> GetCallerAsync(CancellationToken cancellationToken);
}
