namespace CreatorProfiles.Mcp.Directus;

/// <summary>What went wrong talking to Directus, independent of HTTP details.</summary>
public enum DirectusErrorKind
{
    /// <summary>400 RECORD_NOT_UNIQUE: a unique column (identity_key, active_key) already holds the value.</summary>
    NotUnique,
    /// <summary>400 INVALID_PAYLOAD / INVALID_QUERY / FAILED_VALIDATION: Directus refused the data or the query.</summary>
    InvalidRequest,
    /// <summary>401: the token is missing, wrong or expired.</summary>
    Unauthorized,
    /// <summary>403: the role may not do this, OR the item does not exist (Directus answers both with 403).</summary>
    ForbiddenOrMissing,
    /// <summary>5xx, connection refused, DNS failure.</summary>
    Unavailable,
    /// <summary>No answer in time.</summary>
    Timeout,
    /// <summary>Anything else (unexpected status or body).</summary>
    Unexpected,
}

/// <summary>
/// A Directus failure with a message written for whoever must act on it (an agent or an operator). Messages never
/// contain tokens, request bodies or credential values: only status codes, Directus error codes and field names.
/// </summary>
public sealed class DirectusException : Exception
{
    public DirectusException(DirectusErrorKind kind, string message, int? statusCode = null, string? directusCode = null, string? field = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        StatusCode = statusCode;
        DirectusCode = directusCode;
        Field = field;
    }

    public DirectusException() : this(DirectusErrorKind.Unexpected, "Directus request failed.") { }

    public DirectusException(string message) : this(DirectusErrorKind.Unexpected, message) { }

    public DirectusException(string message, Exception innerException) : this(DirectusErrorKind.Unexpected, message, innerException: innerException) { }

    public DirectusErrorKind Kind { get; }
    public int? StatusCode { get; }
    public string? DirectusCode { get; }
    /// <summary>For <see cref="DirectusErrorKind.NotUnique"/>: the column that clashed, when Directus names it.</summary>
    public string? Field { get; }
}
