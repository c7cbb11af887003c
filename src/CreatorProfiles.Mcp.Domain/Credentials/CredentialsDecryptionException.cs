namespace CreatorProfiles.Mcp.Domain.Credentials;

/// <summary>
/// A stored credentials value cannot be read. The message says what is wrong and what to do; it never contains a
/// credential value, ciphertext or key material (fingerprints and field names at most), and no inner exception is
/// attached, because the parser's and the cipher's own messages may quote decrypted bytes.
/// </summary>
public sealed class CredentialsDecryptionException : DomainException
{
    public CredentialsDecryptionException(CredentialsVerifyStatus status, string message) : base(message) => Status = status;

    public CredentialsDecryptionException() : base("The stored credentials cannot be read.") => Status = CredentialsVerifyStatus.MalformedEnvelope;

    public CredentialsDecryptionException(string message) : base(message) => Status = CredentialsVerifyStatus.MalformedEnvelope;

    public CredentialsDecryptionException(string message, Exception innerException) : base(message, innerException) => Status = CredentialsVerifyStatus.MalformedEnvelope;

    public CredentialsVerifyStatus Status { get; }
}
