using CreatorProfiles.Mcp.Domain.Callers;

namespace CreatorProfiles.Mcp.Domain.Credentials.Entry;

/// <summary>
/// Where credential-entry links are kept, keyed by the SHA-256 of their token (never the token). In this process by
/// default (<see cref="InMemoryCredentialsEntryLinkRecords"/>); the host puts them in Redis when replicas share state,
/// so that a link minted by one replica opens, submits and closes on any other. Every method that decides something
/// between two replicas is one atomic step. The rules (expiry, attempts, wording) stay in <see cref="CredentialsEntryLinkStore"/>.
/// </summary>
/// <exception cref="SharedStateUnavailableException">Any method, when the shared store did not answer: links fail closed.</exception>
public interface ICredentialsEntryLinkRecords
{
    /// <summary>In one step: closes the caller's open links for the same profile as <see cref="CredentialsEntryCloseReason.Replaced"/>
    /// (kept until <paramref name="now"/> + <paramref name="linger"/>), then adds <paramref name="record"/> (kept until its
    /// expiry + <paramref name="linger"/>) unless the caller still has <paramref name="maxOpenPerCaller"/> open links.</summary>
    /// <returns>False when the caller is at the cap; nothing was added.</returns>
    Task<bool> TryAddAsync(string hash, CredentialsEntryLinkRecord record, int maxOpenPerCaller, DateTimeOffset now, TimeSpan linger, CancellationToken cancellationToken);

    /// <summary>The record under <paramref name="hash"/>, or null when there is none (never was, or forgotten).</summary>
    Task<CredentialsEntryLinkRecord?> GetAsync(string hash, CancellationToken cancellationToken);

    /// <summary>In one step: when the record's state is <paramref name="from"/>, applies <paramref name="change"/> and keeps
    /// the record until <paramref name="keepUntil"/>.</summary>
    /// <returns>Whether it changed, and the record as it is now (null when there is none).</returns>
    Task<(bool Changed, CredentialsEntryLinkRecord? Current)> ChangeStateAsync(
        string hash, CredentialsEntryLinkState from, CredentialsEntryLinkChange change, DateTimeOffset keepUntil, CancellationToken cancellationToken);

    /// <summary>The hash of the link with id <paramref name="linkId"/> (a round trip may end on another replica than the
    /// one that minted it), or null when there is none.</summary>
    Task<string?> FindHashAsync(string linkId, CancellationToken cancellationToken);

    /// <summary>Counts one refused submission; returns the count so far (0 when there is no record).</summary>
    Task<int> AddFailedSubmissionAsync(string hash, CancellationToken cancellationToken);
}

public enum CredentialsEntryLinkState { Pending, Submitting, Closed }

/// <summary>A link's new state, with why and when it closed and the field names stored, when it did.</summary>
public sealed record CredentialsEntryLinkChange(
    CredentialsEntryLinkState State, CredentialsEntryCloseReason? CloseReason = null, DateTimeOffset? ClosedAt = null, IReadOnlyList<string>? StoredFields = null);

/// <summary>One link as stored: what it is for, for whom, until when, and what became of it.</summary>
public sealed record CredentialsEntryLinkRecord(string Id, CredentialsEntryTarget Target, Caller Caller, DateTimeOffset ExpiresAt)
{
    public CredentialsEntryLinkState State { get; init; }
    public CredentialsEntryCloseReason? CloseReason { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public int FailedSubmissions { get; init; }

    /// <summary>Field names (never values) once stored.</summary>
    public IReadOnlyList<string>? StoredFields { get; init; }

    public bool IsOpen => State == CredentialsEntryLinkState.Pending;

    /// <summary>Whether it belongs to the same caller (user and admin flag) for the same profile: a new one replaces it.</summary>
    public bool IsSameRequestAs(CredentialsEntryLinkRecord other) =>
        Target.ProfileId == other.Target.ProfileId && Caller.UserId == other.Caller.UserId && Caller.IsAdmin == other.Caller.IsAdmin;

    /// <summary>As of <paramref name="now"/>: a pending link whose time is up is closed as expired (the store writes
    /// nothing for that; the record's lifetime already ends at expiry + linger).</summary>
    public CredentialsEntryLinkRecord AsOf(DateTimeOffset now) => State == CredentialsEntryLinkState.Pending && now >= ExpiresAt
        ? this with { State = CredentialsEntryLinkState.Closed, CloseReason = CredentialsEntryCloseReason.Expired, ClosedAt = ExpiresAt }
        : this;
}
