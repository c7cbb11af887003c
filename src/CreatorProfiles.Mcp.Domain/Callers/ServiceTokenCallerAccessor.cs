using CreatorProfiles.Mcp.Directus;

namespace CreatorProfiles.Mcp.Domain.Callers;

/// <summary>
/// stdio mode: the process acts as one trusted local user, the owner of DIRECTUS_TOKEN or, when
/// <paramref name="callerToken"/> (DIRECTUS_CALLER_TOKEN) is set, the owner of that token, which then only identifies:
/// every read and write still goes through the service token. Looked up on first use and kept for the life of the
/// process; a failed lookup is forgotten, so a repaired Directus is picked up on retry.
/// </summary>
public sealed class ServiceTokenCallerAccessor(IDirectusApi directus, string? callerToken = null) : ICallerAccessor
{
    private readonly string? _authorization = callerToken is null ? null : "Bearer " + callerToken;

    private Task<Caller>? _lookup;

    public async ValueTask<Caller> GetCallerAsync(CancellationToken cancellationToken)
    {
        var lookup = _lookup;
        if (lookup is null)
        {
            // Concurrent first calls may each start a lookup; the first stored wins and the others are harmless reads.
            var started = LookUpAsync();
            lookup = Interlocked.CompareExchange(ref _lookup, started, null) ?? started;
        }

        try
        {
            return await lookup.WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _ = Interlocked.CompareExchange(ref _lookup, null, lookup);
            throw;
        }
    }

    private async Task<Caller> LookUpAsync()
    {
        // Not tied to one request's cancellation: the result is shared by every later call.
        // Both at once, as CallerTokenValidator does: the first tool call of a process waits for one round trip, not two.
        var user = directus.GetCurrentUserAsync(_authorization, cancellationToken: CancellationToken.None);
        var access = directus.GetCurrentGlobalAccessAsync(_authorization, CancellationToken.None);
        return new Caller((await user).Data.Id, (await access).Data.AdminAccess);
    }
}
