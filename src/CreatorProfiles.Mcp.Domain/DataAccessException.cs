using CreatorProfiles.Mcp.Directus;

namespace CreatorProfiles.Mcp.Domain;

/// <summary>What went wrong reading or writing the data, in the domain's terms.</summary>
public enum DataAccessFailure
{
    /// <summary>A unique key already holds the value (identity_key, active_key): someone else wrote first.</summary>
    Duplicate,
    /// <summary>The row does not exist, or the service token may not see it (Directus answers both alike).</summary>
    NotFound,
    /// <summary>The server's own token was refused, or a caller token is not valid.</summary>
    Unauthorized,
    /// <summary>The data or the query was refused (usually a schema that differs from the one this server expects).</summary>
    Rejected,
    /// <summary>A field of the data names a row that does not exist (Directus INVALID_FOREIGN_KEY): a bad argument,
    /// such as an owner id that is no user's.</summary>
    MissingReference,
    /// <summary>Directus is down, unreachable, overloaded or too slow: not the caller's fault; try again later.</summary>
    Unavailable,
    /// <summary>Anything else.</summary>
    Unexpected,
}

/// <summary>
/// A Directus failure as the domain sees it. The Directus client is registered with <see cref="From"/> as its
/// failure translation (<see cref="DomainServiceRegistration"/>), so no Directus type crosses the domain: the MCP
/// tools and the host catch domain exceptions only. The message is the client's, written for whoever must act on it
/// (status codes, Directus error codes and field names; never tokens, bodies or credential values).
/// </summary>
public sealed class DataAccessException : DomainException
{
    public DataAccessException(DataAccessFailure failure, string message, string? field = null, Exception? innerException = null)
        : base(message, innerException!)
    {
        Failure = failure;
        Field = field;
    }

    public DataAccessException() : this(DataAccessFailure.Unexpected, "Reading or writing the data failed.") { }
    public DataAccessException(string message) : this(DataAccessFailure.Unexpected, message) { }
    public DataAccessException(string message, Exception innerException) : this(DataAccessFailure.Unexpected, message, innerException: innerException) { }

    public DataAccessFailure Failure { get; }

    /// <summary>For <see cref="DataAccessFailure.Duplicate"/>: the column that clashed, when Directus names it.</summary>
    public string? Field { get; }

    public static DataAccessException From(DirectusException e) => new(
        e.Kind switch
        {
            DirectusErrorKind.NotUnique => DataAccessFailure.Duplicate,
            DirectusErrorKind.ForbiddenOrMissing => DataAccessFailure.NotFound,
            DirectusErrorKind.Unauthorized => DataAccessFailure.Unauthorized,
            DirectusErrorKind.InvalidRequest when e.DirectusCode == "INVALID_FOREIGN_KEY" => DataAccessFailure.MissingReference,
            DirectusErrorKind.InvalidRequest => DataAccessFailure.Rejected,
            DirectusErrorKind.Unavailable or DirectusErrorKind.Timeout => DataAccessFailure.Unavailable,
            _ => DataAccessFailure.Unexpected,
        },
        e.Message, e.Field, e);
}
