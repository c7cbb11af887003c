namespace CreatorProfiles.Mcp.Domain.Auditing;

/// <summary>
/// What one audited call did that its arguments cannot say: the rows it created, the profile it created, the media
/// job and key fingerprint of a decrypt. The host's audit filter calls <see cref="Begin"/> before the call and reads
/// the facts when it writes the line; the domain records them where it learns them, through the static methods, which
/// do nothing outside an audited call. The facts follow the call's async flow (an <see cref="AsyncLocal{T}"/>) rather
/// than a DI scope, because the domain services that record them are singletons; the domain thereby never depends on
/// the host. Ids only: nothing here ever holds a value.
/// </summary>
public sealed class AuditFacts
{
    private static readonly AsyncLocal<AuditFacts?> Current = new();

    private readonly Lock _lock = new();
    private readonly List<KeyValuePair<string, string>> _created = [];

    /// <summary>The kinds of row a call names when it creates one.</summary>
    public static class Kinds
    {
        public const string Profile = "profile";
        public const string MediaJob = "media_job";
        public const string HitlSession = "hitl_session";
        public const string CredentialsEntryLink = "credentials_entry_link";
    }

    /// <summary>Rows created, in order: kind (one of <see cref="Kinds"/>) and id.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Created
    {
        get
        {
            lock (_lock)
            {
                return [.. _created];
            }
        }
    }

    /// <summary>The profile the call turned out to act on when no argument named it (a create).</summary>
    public string? Target { get; private set; }

    /// <summary>A decrypt: the running media job it was bound to.</summary>
    public string? Job { get; private set; }

    /// <summary>A decrypt: the fingerprint of the key that opened the envelope (never key bytes).</summary>
    public string? KeyFingerprint { get; private set; }

    /// <summary>A stream (a listen): the profiles it watches, once it is open.</summary>
    public IReadOnlyList<string> Watched { get; private set; } = [];

    /// <summary>Set by the host: called when the call's stream opens, so that the opening is audited at once rather
    /// than only when the stream ends.</summary>
    public Func<AuditFacts, ValueTask>? Opened { get; set; }

    /// <summary>Starts the facts of a call: everything the call awaits from here on records into the returned object.</summary>
    public static AuditFacts Begin()
    {
        var facts = new AuditFacts();
        Current.Value = facts;
        return facts;
    }

    /// <summary>The call created a row of <paramref name="kind"/> (one of <see cref="Kinds"/>) with <paramref name="id"/>;
    /// a created profile is also the call's target.</summary>
    public static void RecordCreated(string kind, string id)
    {
        if (Current.Value is not { } facts)
        {
            return;
        }

        lock (facts._lock)
        {
            facts._created.Add(new(kind, id));
            if (kind == Kinds.Profile)
            {
                facts.Target ??= id;
            }
        }
    }

    /// <summary>The call's stream is open and watches <paramref name="profileIds"/> (the granted ones only).</summary>
    public static ValueTask RecordStreamOpenedAsync(IReadOnlyList<string> profileIds)
    {
        if (Current.Value is not { } facts)
        {
            return ValueTask.CompletedTask;
        }

        facts.Watched = profileIds;
        return facts.Opened?.Invoke(facts) ?? ValueTask.CompletedTask;
    }

    /// <summary>A decrypt opened an envelope for <paramref name="jobId"/> with the key of <paramref name="keyFingerprint"/>.</summary>
    public static void RecordDecrypt(string? jobId, string? keyFingerprint)
    {
        if (Current.Value is { } facts)
        {
            lock (facts._lock)
            {
                facts.Job = jobId;
                facts.KeyFingerprint = keyFingerprint;
            }
        }
    }
}
