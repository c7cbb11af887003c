namespace CreatorProfiles.Mcp.Domain.Credentials;

/// <summary>Why a call to the credentials endpoints (decrypt, and encrypt without a key) was refused
/// (<see cref="CredentialsEndpointRefusedException.Refusal"/>); the host maps each to an HTTP status.</summary>
public enum CredentialsEndpointRefusal
{
    /// <summary>The caller's role may not decrypt. Says nothing about the request or what exists.</summary>
    Forbidden,

    /// <summary>The decrypt is not bound to work: no job, or not a running job of that profile, or an <c>enc</c>
    /// handed in while the switch is off. One answer for every case, so that it tells nothing about what exists.</summary>
    NotBoundToWork,

    /// <summary>The request itself is wrong (shape, ids, or an <c>enc</c> that cannot be read).</summary>
    InvalidRequest,

    /// <summary>The profile exists but has no unexpired platform_sessions row.</summary>
    NoCookies,

    /// <summary>The profile's stored value cannot be read (damaged, or a key that is not configured).</summary>
    Unreadable,

    /// <summary>CREDENTIALS_ENC_KEY_B64 is not set.</summary>
    NotConfigured,
}
