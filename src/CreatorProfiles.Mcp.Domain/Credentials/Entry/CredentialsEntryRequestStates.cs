using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CreatorProfiles.Mcp.Domain.Callers;

namespace CreatorProfiles.Mcp.Domain.Credentials.Entry;

/// <summary>
/// The <c>requestState</c> of request_credentials_entry's input_required round trip (MCP 2026-07-28): the client
/// holds it between the two calls and may be hostile, so it is sealed with HMAC-SHA256 under a key derived from the
/// current credentials key (every replica has it; rotating the key voids states in flight, which only means "ask
/// again"). It binds the link, the profile_id argument, the caller and an expiry (the link's), and is redeemed once
/// through <see cref="ISingleUseClaims"/>, so a replay fails on any replica when they share Redis.
/// Form: <c>v1.&lt;base64url payload&gt;.&lt;base64url mac&gt;</c>; the payload holds ids and times only, never the link's token.
/// </summary>
public sealed class CredentialsEntryRequestStates(CredentialsCipherProvider ciphers, ISingleUseClaims claims, TimeProvider clock)
{
    /// <summary>The HKDF info that separates this key from every other use of the credentials key.</summary>
    private const string KeyPurpose = "creatorprofiles-mcp/request_credentials_entry/request-state/v1";
    private const string Version = "v1";
    private const string ClaimPrefix = "credentials-entry-state:";
    private const int MaxLength = 512;

    public const string NotValidMessage = "requestState is not one this server issued for this call (altered, from another caller or " +
        "for another profile_id). Call request_credentials_entry again without it.";

    public const string UsedMessage = "This requestState was already used: each answer to the credentials page request counts once. " +
        "Call request_credentials_entry again without it for a new link.";

    public const string ExpiredMessage = "This requestState has expired, and so has its link. Call request_credentials_entry again without it.";

    /// <summary>Seals the state for <paramref name="link"/>, minted for <paramref name="caller"/>.</summary>
    public string Seal(CredentialsEntryLink link, Caller caller)
    {
        var state = new CredentialsEntryRequestState(link.LinkId, link.Target.ProfileId, caller.UserId, link.ExpiresAt,
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join('|', state.LinkId, state.ProfileId, state.CallerId,
            state.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), state.Nonce)));
        return $"{Version}.{payload}.{Base64Url.EncodeToString(Mac(payload))}";
    }

    /// <summary>Opens and redeems a state for a retry of the call with <paramref name="profileId"/> by <paramref name="caller"/>.</summary>
    /// <exception cref="InvalidArgumentException">Not sealed here, altered, another caller's or profile's, expired or used.</exception>
    /// <exception cref="SharedStateUnavailableException">The shared store did not answer: nothing is redeemed.</exception>
    public async Task<CredentialsEntryRequestState> RedeemAsync(string requestState, string profileId, Caller caller, CancellationToken cancellationToken)
    {
        // Caller and arguments are checked with the MAC, under one message: a mismatch tells an attacker nothing more.
        if (Open(requestState) is not { } state || state.CallerId != caller.UserId || state.ProfileId != profileId)
        {
            throw new InvalidArgumentException(NotValidMessage);
        }

        var left = state.ExpiresAt - clock.GetUtcNow();
        if (left <= TimeSpan.Zero)
        {
            throw new InvalidArgumentException(ExpiredMessage);
        }

        if (!await claims.TryClaimAsync(ClaimPrefix + state.Nonce, left, cancellationToken))
        {
            throw new InvalidArgumentException(UsedMessage);
        }

        return state;
    }

    private CredentialsEntryRequestState? Open(string requestState)
    {
        var parts = requestState.Length <= MaxLength ? requestState.Split('.') : [];
        if (parts is not [Version, var payload, var mac] || !Base64Url.IsValid(payload) || !Base64Url.IsValid(mac)
            || !CryptographicOperations.FixedTimeEquals(Base64Url.DecodeFromChars(mac), Mac(payload)))
        {
            return null;
        }

        var fields = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(payload)).Split('|');
        return fields is [var linkId, var profile, var callerId, var expires, var nonce]
            && long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? new CredentialsEntryRequestState(linkId, profile, callerId, DateTimeOffset.FromUnixTimeSeconds(seconds), nonce)
            : null;
    }

    private byte[] Mac(string payload)
    {
        var key = ciphers.GetCipher().DeriveKey(KeyPurpose);
        try
        {
            return HMACSHA256.HashData(key, Encoding.ASCII.GetBytes($"{Version}.{payload}"));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}

/// <summary>What a sealed request state says: the link it answers for, the call it belongs to and until when.</summary>
public sealed record CredentialsEntryRequestState(string LinkId, string ProfileId, string CallerId, DateTimeOffset ExpiresAt, string Nonce);
