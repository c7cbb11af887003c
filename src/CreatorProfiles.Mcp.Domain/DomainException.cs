namespace CreatorProfiles.Mcp.Domain;

/// <summary>
/// A refusal the caller can act on. The message is shown to the agent as it is, so it names the field, the bad
/// value (never a secret) and what is allowed, and it never carries a stack trace or a credential.
/// </summary>
public class DomainException : Exception
{
    public DomainException(string message) : base(message) { }
    public DomainException(string message, Exception innerException) : base(message, innerException) { }
    public DomainException() : base("The request was refused.") { }
}

/// <summary>An argument failed validation.</summary>
public sealed class InvalidArgumentException : DomainException
{
    public InvalidArgumentException(string field, string? shownValue, string allowed)
        : base($"Invalid '{field}'{(shownValue is null ? "" : $": {shownValue}")}. Allowed: {allowed}.")
    {
        Field = field;
    }

    public InvalidArgumentException() : base() => Field = "";
    public InvalidArgumentException(string message) : base(message) => Field = "";
    public InvalidArgumentException(string message, Exception innerException) : base(message, innerException) => Field = "";

    public string Field { get; }
}

/// <summary>The item does not exist, or the caller may not see it; both are answered alike on purpose.</summary>
public sealed class NotFoundException : DomainException
{
    public NotFoundException(string what, string id) : base($"No {what} with id '{id}' exists (or it is not yours). Use list_creator_profiles or search_creator_profiles to find valid ids.") { }
    public NotFoundException() : base() { }
    public NotFoundException(string message) : base(message) { }
    public NotFoundException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>A unique key refused the write: the thing already exists.</summary>
public sealed class AlreadyExistsException : DomainException
{
    public AlreadyExistsException(string message, string? existingId) : base(message) => ExistingId = existingId;
    public AlreadyExistsException() : base() { }
    public AlreadyExistsException(string message) : base(message) { }
    public AlreadyExistsException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The existing row's id, when the caller may see it.</summary>
    public string? ExistingId { get; }
}
