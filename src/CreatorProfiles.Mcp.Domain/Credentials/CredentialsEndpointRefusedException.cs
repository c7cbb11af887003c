namespace CreatorProfiles.Mcp.Domain.Credentials;

/// <summary>A credentials endpoint (decrypt, or encrypt without a key) refused a call; <see cref="Refusal"/> says why (the
/// host maps it to an HTTP status).
/// The message never holds a credential value, ciphertext or key.</summary>
public sealed class CredentialsEndpointRefusedException : DomainException
{
    public CredentialsEndpointRefusedException(CredentialsEndpointRefusal refusal, string message, CredentialsCheckOutcome? readStatus = null) : base(message)
    {
        Refusal = refusal;
        ReadStatus = readStatus;
    }

    public CredentialsEndpointRefusedException() : base() { }
    public CredentialsEndpointRefusedException(string message) : base(message) { }
    public CredentialsEndpointRefusedException(string message, Exception innerException) : base(message, innerException) { }

    public CredentialsEndpointRefusal Refusal { get; }

    /// <summary>For a value that could not be read (an <c>enc</c> handed in, or a stored one): why.</summary>
    public CredentialsCheckOutcome? ReadStatus { get; }
}
