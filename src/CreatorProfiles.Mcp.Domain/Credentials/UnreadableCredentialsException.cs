namespace CreatorProfiles.Mcp.Domain.Credentials;

/// <summary>
/// A stored credentials value cannot be read. The message says what is wrong and what to do; it never contains a
/// credential value, ciphertext or key material (fingerprints and field names at most), and no inner exception is
/// attached, because the parser's and the cipher's own messages may quote decrypted bytes.
/// </summary>
public sealed class UnreadableCredentialsException : DomainException
{
    public UnreadableCredentialsException(CredentialsCheckOutcome status, string message) : base(message) => Status = status;

    public UnreadableCredentialsException() : base("The stored credentials cannot be read.") => Status = CredentialsCheckOutcome.MalformedEnvelope;

    public UnreadableCredentialsException(string message) : base(message) => Status = CredentialsCheckOutcome.MalformedEnvelope;

    public UnreadableCredentialsException(string message, Exception innerException) : base(message, innerException) => Status = CredentialsCheckOutcome.MalformedEnvelope;

    public CredentialsCheckOutcome Status { get; }
}
