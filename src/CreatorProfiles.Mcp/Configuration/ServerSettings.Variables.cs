using System.Globalization;
using CreatorProfiles.Mcp.Domain.Credentials;

namespace CreatorProfiles.Mcp.Configuration;

public sealed partial class ServerSettings
{
    /// <summary>
    /// Every variable the server reads, in the order <see cref="Load"/> reads them and the docs list them (a variable's
    /// reader may depend on one before it: the per-platform cooldowns on the platforms). The configuration table of
    /// docs/configuration.md and the variables of .mcp/server.json are generated from this list.
    /// </summary>
    internal static IReadOnlyList<SettingVariable> Variables { get; } =
    [
        new()
        {
            Name = DirectusUrlVariable,
            Description = "Base URL of the Directus instance that holds the creator profiles (http or https, no query); the default is the local sample stack.",
            Required = true,
            Default = static s => s.Directus.BaseUrl.OriginalString,
            Read = static (s, c) => s.ReadDirectusUrl(c),
        },
        new()
        {
            Name = DirectusTokenVariable,
            Description = "Static token of the Directus user the server acts as (in stdio mode: an admin sees every profile, anyone else only their own).",
            Required = true,
            Secret = true,
            Read = static (s, c) => s.ReadDirectusToken(c),
        },
        new()
        {
            Name = CallerTokenVariable,
            Description = "stdio and --no-auth: static token of the Directus user the server acts for; it only identifies that user (who owns what), every read and write uses DIRECTUS_TOKEN, so that user's role needs no Directus permission on the data.",
            Secret = true,
            WhenUnset = "the owner of DIRECTUS_TOKEN",
            Read = static (s, c) => s.ReadCallerToken(c),
        },
        new()
        {
            Name = CredentialKeyring.CurrentKeyVariable,
            Description = "AES-256 key for stored credentials: standard base64 of exactly 32 random bytes (openssl rand -base64 32).",
            Secret = true,
            WhenUnset = "credential tools off",
            Read = static (s, c) => s.ReadKeys(c),
        },
        new()
        {
            Name = CredentialKeyring.PreviousKeysVariable,
            Description = "Comma-separated older keys, tried for decryption after the current one (key rotation).",
            Secret = true,
            // Parsed into one keyring with the current key, by that variable's reader.
            Read = static (_, _) => { },
        },
        new()
        {
            Name = CredentialsCipher.AcceptLegacyVariable,
            Description = "false refuses stored legacy credentials (plaintext, bare v1:... strings) everywhere (tools, endpoints, worker) with status legacy_refused; set it after `credentials migrate-legacy`.",
            Default = static s => s.AcceptLegacy ? "true" : "false",
            Read = static (s, c) => s.AcceptLegacy = s.ReadSwitch(c, CredentialsCipher.AcceptLegacyVariable) ?? s.AcceptLegacy,
        },
        new()
        {
            Name = SupportedPlatformsVariable,
            Description = "Comma list of platform names accepted for profiles (letters, digits, '_' or '-'; any case, stored lower-case).",
            Default = static s => string.Join(',', s.Profiles.SupportedPlatforms),
            Read = static (s, c) => s.ReadPlatforms(c),
        },
        new()
        {
            Name = ScrapeCooldownVariable,
            Description = "Minimum time between two scrapes of one profile, hh:mm:ss (0 to 7 days); SCRAPE_COOLDOWN_<PLATFORM> overrides it per platform.",
            Default = static s => Duration(s.Profiles.ScrapeCooldown),
            Read = static (s, c) => s.Profiles.ScrapeCooldown = s.ReadCooldown(c, ScrapeCooldownVariable) ?? s.Profiles.ScrapeCooldown,
        },
        new()
        {
            Name = ScrapeCooldownVariable + "_<PLATFORM>",
            Description = "Per-platform override of SCRAPE_COOLDOWN, e.g. SCRAPE_COOLDOWN_FANSLY=00:30:00 ('-' in a platform name becomes '_').",
            WhenUnset = ScrapeCooldownVariable,
            Read = static (s, c) => s.ReadPlatformCooldowns(c),
        },
        new()
        {
            Name = DecryptRolesVariable,
            Description = "Comma-separated Directus role names (exact) whose users may call POST /api/credentials/decrypt; being admin is not enough.",
            HttpOnly = true,
            Default = static s => string.Join(',', s.DecryptRoles),
            Read = static (s, c) => s.DecryptRoles = SplitList(c[DecryptRolesVariable]) is { Count: > 0 } roles ? roles : s.DecryptRoles,
        },
        new()
        {
            Name = CredentialsDecryptOptions.AllowEncVariable,
            Description = "true lets the decrypt roles also decrypt a value they send ('enc'); false refuses it, so plaintext is only given for a profile's running job.",
            HttpOnly = true,
            Default = static s => s.DecryptAllowEnc ? "true" : "false",
            Read = static (s, c) => s.DecryptAllowEnc = s.ReadSwitch(c, CredentialsDecryptOptions.AllowEncVariable) ?? s.DecryptAllowEnc,
        },
        new()
        {
            Name = ResourcePollIntervalVariable,
            Description = "How often subscribed profiles are checked for changes, hh:mm:ss (1 s to 1 min).",
            Default = static s => Duration(s.Profiles.ResourcePollInterval),
            Read = static (s, c) => s.ReadResourcePollInterval(c),
        },
        new()
        {
            Name = EntryTtlVariable,
            Description = "How long a request_credentials_entry link works if unused, hh:mm:ss (1 s to 1 h).",
            Default = static s => Duration(s.CredentialsEntry.Ttl),
            Read = static (s, c) => s.ReadEntryTtl(c),
        },
        new()
        {
            Name = EntryLingerVariable,
            Description = "How long a used or expired entry link still answers 410 before the entry page closes, hh:mm:ss (0 to 1 h).",
            Default = static s => Duration(s.CredentialsEntry.Linger),
            Read = static (s, c) => s.ReadEntryLinger(c),
        },
        new()
        {
            Name = EntryMaxOpenVariable,
            Description = "Open request_credentials_entry links at once per caller (1 to 100); a new link for the same profile replaces the older one.",
            Default = static s => s.CredentialsEntry.MaxOpenLinksPerCaller.ToString(CultureInfo.InvariantCulture),
            Read = static (s, c) => s.ReadEntryMaxOpen(c),
        },
        new()
        {
            Name = ToolRateLimitVariable,
            Description = "Calls per minute per caller (a token bucket): a tool call, resources/read or resources/subscribe costs 1, subscriptions/listen 1 per started 10 distinct URIs; 0 = no limit.",
            HttpOnly = true,
            Default = static s => s.ToolCallsPerMinute.ToString(CultureInfo.InvariantCulture),
            Read = static (s, c) => s.ToolCallsPerMinute = s.ReadCount(c, ToolRateLimitVariable) ?? s.ToolCallsPerMinute,
        },
        new()
        {
            Name = SensitiveRateLimitVariable,
            Description = "The stricter bucket that trigger_scrape, the credential tools and the credential endpoints also take from; 0 = no limit.",
            HttpOnly = true,
            Default = static s => s.SensitiveCallsPerMinute.ToString(CultureInfo.InvariantCulture),
            Read = static (s, c) => s.SensitiveCallsPerMinute = s.ReadCount(c, SensitiveRateLimitVariable) ?? s.SensitiveCallsPerMinute,
        },
        new()
        {
            Name = UnauthenticatedRateLimitVariable,
            Description = "Requests per minute per client address (IPv6: per /64) whose bearer token is missing, refused or not yet checked (a token bucket, taken before Directus is asked); over it: 429 with Retry-After; 0 = no limit.",
            HttpOnly = true,
            Default = static s => s.UnauthenticatedPerMinute.ToString(CultureInfo.InvariantCulture),
            Read = static (s, c) => s.UnauthenticatedPerMinute = s.ReadCount(c, UnauthenticatedRateLimitVariable) ?? s.UnauthenticatedPerMinute,
        },
        new()
        {
            Name = ConnectionsPerAddressVariable,
            Description = "Open TCP connections per client address (IPv6: per /64); more are closed at once; the proxies trusted with --behind-proxy are exempt; 0 = no limit.",
            HttpOnly = true,
            Default = static s => s.ConnectionsPerAddress.ToString(CultureInfo.InvariantCulture),
            Read = static (s, c) => s.ConnectionsPerAddress = s.ReadCount(c, ConnectionsPerAddressVariable) ?? s.ConnectionsPerAddress,
        },
        new()
        {
            Name = RequestsPerAddressVariable,
            Description = "Requests in progress per client address (the forwarded one behind a trusted proxy), open streams included; over it: 429 with Retry-After; 0 = no limit.",
            HttpOnly = true,
            Default = static s => s.RequestsPerAddress.ToString(CultureInfo.InvariantCulture),
            Read = static (s, c) => s.RequestsPerAddress = s.ReadCount(c, RequestsPerAddressVariable) ?? s.RequestsPerAddress,
        },
        new()
        {
            Name = CertificatePasswordVariable,
            Description = "With --certificate: the password of the PKCS#12 file or of the encrypted PEM key.",
            Secret = true,
            HttpOnly = true,
            WhenUnset = "no password",
            Read = static (s, c) => s.CertificatePassword = c[CertificatePasswordVariable],
        },
        new()
        {
            Name = LegacySseIdleTimeoutVariable,
            Description = "With --legacy-sse: seconds without a message from the client (a ping counts) after which its SSE session is closed and the stream ends; 0 = never.",
            HttpOnly = true,
            Default = static s => s.LegacySseIdleTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
            Read = static (s, c) => s.LegacySseIdleTimeoutSeconds = s.ReadCount(c, LegacySseIdleTimeoutVariable) ?? s.LegacySseIdleTimeoutSeconds,
        },
        new()
        {
            Name = PublicUrlVariable,
            Description = "The server's public origin as clients reach it (no path; https, which --auth oauth requires off loopback): the protected resource is PUBLIC_URL/mcp, its metadata is at /.well-known/oauth-protected-resource, and credentials entry links are PUBLIC_URL/credentials-entry/<token>.",
            HttpOnly = true,
            WhenUnset = "required by --auth oauth; otherwise entry links use the loopback address the server is bound to",
            Read = static (s, c) => s.ReadPublicUrl(c),
        },
        new()
        {
            Name = OAuthAuthorityVariable,
            Description = "--auth oauth: the OpenID provider's issuer URL, exactly as its tokens' iss claim (its discovery document and signing keys are read from it).",
            HttpOnly = true,
            WhenUnset = "required by --auth oauth",
            Read = static (s, c) => s.ReadOAuthAuthority(c),
        },
        new()
        {
            Name = OAuthAudienceVariable,
            Description = "--auth oauth: the audience (aud) access tokens must carry.",
            HttpOnly = true,
            WhenUnset = "PUBLIC_URL/mcp",
            Read = static (s, c) => s.ReadOAuthAudience(c),
        },
        new()
        {
            Name = OAuthUserClaimVariable,
            Description = "--auth oauth: the token claim that names the Directus user: sub (matched to directus_users.external_identifier, which Directus fills on SSO sign-in through the same provider), oid (the same, for Microsoft Entra ID, whose sub differs per application) or email (matched to the e-mail address of the user, only when the token says email_verified true).",
            HttpOnly = true,
            Default = static s => s.OAuthUserClaim,
            Read = static (s, c) => s.ReadOAuthUserClaim(c),
        },
        new()
        {
            Name = RedisUrlVariable,
            Description = "HTTP mode with several replicas: redis://[:password@]host[:port][/db] of the Redis they share for per-caller and per-address rate limits and credentials entry links, which then work on any replica (no TLS: keep Redis on a private network).",
            HttpOnly = true,
            Secret = true,
            WhenUnset = "that state stays in each process",
            Read = static (s, c) => s.ReadRedisUrl(c),
        },
        new()
        {
            Name = AuditLogVariable,
            Description = "File the audit lines are appended to: one JSON object per tool call, resources/read, (un)subscribe, listen stream, credentials entry page request, credential endpoint call and maintenance command run.",
            FilePath = true,
            WhenUnset = "stderr, each line prefixed 'audit '",
            Read = static (s, c) => s.AuditLogPath = string.IsNullOrWhiteSpace(c[AuditLogVariable]) ? null : c[AuditLogVariable]!.Trim(),
        },
        new()
        {
            Name = OtlpEndpointVariable,
            Description = "OTLP/HTTP collector for traces and metrics, e.g. http://127.0.0.1:4318.",
            WhenUnset = "telemetry off",
            Read = static (s, c) => s.ReadOtlpEndpoint(c),
        },
    ];

    private static string Duration(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
