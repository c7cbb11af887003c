using CreatorProfiles.Mcp.Domain.Auditing;
using Microsoft.AspNetCore.Http;

namespace CreatorProfiles.Mcp.CallPipeline;

/// <summary>How an audited request reached the server.</summary>
internal static class AuditTransports
{
    public const string Stdio = "stdio";
    public const string Http = "http";
    public const string Cli = "cli";
}

/// <summary>
/// One audit line's fields (<see cref="AuditLog"/> writes them): who (<see cref="Caller"/>, and for HTTP the client
/// address), did what (<see cref="Action"/>), to which profile (<see cref="Target"/>: a validated id, never an
/// argument as sent), how it ended (<see cref="Outcome"/>), over which transport and request. Ids, names and counts
/// only; never a value.
/// </summary>
internal sealed record AuditLine(string Caller, string Action, string Outcome)
{
    public string Transport { get; init; } = AuditTransports.Stdio;

    /// <summary>The JSON-RPC id of an MCP request; the HTTP request's TraceIdentifier for the other endpoints.</summary>
    public string? RequestId { get; init; }

    /// <summary>HTTP: the client's address as the connection (or forwarded-headers middleware) reports it.</summary>
    public string? Client { get; init; }

    public string? Target { get; init; }

    public string? Job { get; init; }

    public string? KeyFingerprint { get; init; }

    /// <summary>Rows the call created: kind and id (<see cref="AuditFacts.Kinds"/>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Created { get; init; } = [];

    /// <summary>The profiles a listen stream watches.</summary>
    public IReadOnlyList<string> Profiles { get; init; } = [];

    /// <summary>A maintenance command's row counts.</summary>
    public AuditRowCounts? Rows { get; init; }

    /// <summary>An HTTP request's line: transport http, its TraceIdentifier and client address.</summary>
    public static AuditLine ForHttp(HttpContext context, string caller, string action, string outcome) => new(caller, action, outcome)
    {
        Transport = AuditTransports.Http,
        RequestId = context.TraceIdentifier,
        Client = context.Connection.RemoteIpAddress?.ToString(),
    };

    /// <summary>This line with what the domain recorded during the call; a target named by the request stays.</summary>
    public AuditLine With(AuditFacts facts) => this with
    {
        Target = Target ?? facts.Target,
        Job = facts.Job ?? Job,
        KeyFingerprint = facts.KeyFingerprint ?? KeyFingerprint,
        Created = facts.Created,
        Profiles = facts.Watched,
    };
}

/// <summary>What a maintenance command did to rows: <see cref="Changed"/> written (or, in a dry run, that would be),
/// <see cref="Skipped"/> left alone (already current or not applicable), <see cref="Failed"/> left as they were.</summary>
internal sealed record AuditRowCounts(int Changed, int Skipped, int Failed, bool DryRun);
