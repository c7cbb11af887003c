using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Credentials;
using CreatorProfiles.Mcp.Domain.Credentials.Entry;
using Microsoft.Extensions.Configuration;

namespace CreatorProfiles.Mcp.Configuration;

/// <summary>
/// Everything the server reads from its environment, validated once at start. Each problem becomes one line that
/// names the variable and the fix; secret values are never repeated back. The variables are declared in
/// <see cref="Variables"/>, which <see cref="Load"/> walks.
/// </summary>
public sealed partial class ServerSettings
{
    public const string DirectusUrlVariable = "DIRECTUS_URL";
    public const string DirectusTokenVariable = "DIRECTUS_TOKEN";
    public const string CallerTokenVariable = "DIRECTUS_CALLER_TOKEN";
    public const string SupportedPlatformsVariable = "SUPPORTED_PLATFORMS";
    public const string ScrapeCooldownVariable = "SCRAPE_COOLDOWN";
    public const string DecryptRolesVariable = "CREDENTIALS_DECRYPT_ROLES";
    public const string ResourcePollIntervalVariable = "RESOURCE_POLL_INTERVAL";
    public const string EntryTtlVariable = "CREDENTIALS_ENTRY_TTL";
    public const string EntryLingerVariable = "CREDENTIALS_ENTRY_LINGER";
    public const string EntryMaxOpenVariable = "CREDENTIALS_ENTRY_MAX_OPEN";
    public const string ToolRateLimitVariable = "RATE_LIMIT_TOOL_CALLS_PER_MINUTE";
    public const string SensitiveRateLimitVariable = "RATE_LIMIT_SENSITIVE_CALLS_PER_MINUTE";
    public const string UnauthenticatedRateLimitVariable = "RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE";
    public const string LegacySseIdleTimeoutVariable = "LEGACY_SSE_IDLE_TIMEOUT_SECONDS";
    public const string ConnectionsPerAddressVariable = "HTTP_CONNECTIONS_PER_ADDRESS";
    public const string RequestsPerAddressVariable = "HTTP_REQUESTS_PER_ADDRESS";
    public const string CertificatePasswordVariable = "TLS_CERTIFICATE_PASSWORD";
    public const string AuditLogVariable = "AUDIT_LOG";
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public DirectusOptions Directus { get; } = new();
    public CreatorProfilesOptions Profiles { get; } = new();
    public CredentialsEntryOptions CredentialsEntry { get; } = new();

    /// <summary>DIRECTUS_CALLER_TOKEN (stdio, --no-auth): the token of the user the process acts for; it only identifies
    /// that user, every read and write still uses DIRECTUS_TOKEN. Null: the owner of DIRECTUS_TOKEN.</summary>
    public string? CallerToken { get; private set; }

    /// <summary>Null when no key is configured: credential features then refuse with a message saying so.</summary>
    public CredentialKeyring? Keyring { get; private set; }

    /// <summary>CREDENTIALS_ACCEPT_LEGACY: whether stored legacy forms (plaintext, bare "v1:..." strings) are read.</summary>
    public bool AcceptLegacy { get; private set; } = true;

    /// <summary>CREDENTIALS_DECRYPT_ROLES: Directus role names (exact) whose users may call POST /api/credentials/decrypt.</summary>
    public IReadOnlyList<string> DecryptRoles { get; private set; } = [CredentialsDecryptOptions.DefaultRole];

    /// <summary>CREDENTIALS_DECRYPT_ALLOW_ENC: whether the decrypt roles may also decrypt a value they send.</summary>
    public bool DecryptAllowEnc { get; private set; }

    /// <summary>HTTP mode: tool calls per minute per caller (token bucket; 0 = no limit).</summary>
    public int ToolCallsPerMinute { get; private set; } = 120;

    /// <summary>HTTP mode: the stricter bucket for trigger_scrape, the credential tools and the credential endpoints.</summary>
    public int SensitiveCallsPerMinute { get; private set; } = 10;

    /// <summary>HTTP mode: requests per minute per client address without a token known to be valid (0 = no limit).</summary>
    public int UnauthenticatedPerMinute { get; private set; } = 60;

    /// <summary>HTTP mode: open connections per client address (0 = no limit).</summary>
    public int ConnectionsPerAddress { get; private set; } = 100;

    /// <summary>HTTP mode: requests in progress, open streams included, per client address (0 = no limit).</summary>
    public int RequestsPerAddress { get; private set; } = 100;

    /// <summary>TLS_CERTIFICATE_PASSWORD: for --certificate; never logged.</summary>
    public string? CertificatePassword { get; private set; }

    /// <summary>HTTP mode with --legacy-sse: seconds without a message from the client after which an SSE session is closed (0 = never).</summary>
    public int LegacySseIdleTimeoutSeconds { get; private set; } = 300;

    /// <summary>OTEL_EXPORTER_OTLP_ENDPOINT: where traces and metrics go (OTLP over HTTP/protobuf); null = telemetry off.</summary>
    public Uri? OtlpEndpoint { get; private set; }

    /// <summary>AUDIT_LOG: a file the audit lines are appended to; null = stderr, each line prefixed "audit ".</summary>
    public string? AuditLogPath { get; private set; }

    /// <summary>One line per problem; empty when the settings are usable.</summary>
    public IReadOnlyList<string> Errors => _errors;

    private readonly List<string> _errors = [];

    public static ServerSettings Load(IConfiguration configuration)
    {
        var settings = new ServerSettings();
        foreach (var variable in Variables)
        {
            variable.Read(settings, configuration);
        }

        return settings;
    }

    private void ReadDirectusUrl(IConfiguration configuration)
    {
        var url = configuration[DirectusUrlVariable];
        if (string.IsNullOrWhiteSpace(url))
        {
            return;
        }

        if (Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.UserInfo))
        {
            Directus.BaseUrl = uri;
        }
        else
        {
            _errors.Add($"{DirectusUrlVariable} is not an http(s) URL without query or user info (for example http://127.0.0.1:8055).");
        }
    }

    private void ReadDirectusToken(IConfiguration configuration)
    {
        var token = configuration[DirectusTokenVariable];
        if (string.IsNullOrWhiteSpace(token))
        {
            _errors.Add($"{DirectusTokenVariable} is not set. Set it to a Directus static token (the local stack prints one: samples/directus/stack.sh env).");
        }
        else
        {
            Directus.Token = token.Trim();
        }
    }

    private void ReadCallerToken(IConfiguration configuration)
    {
        var token = configuration[CallerTokenVariable];
        CallerToken = string.IsNullOrWhiteSpace(token) ? null : token.Trim();
    }

    private void ReadPlatforms(IConfiguration configuration)
    {
        if (configuration[SupportedPlatformsVariable] is not { } platformsText)
        {
            return;
        }

        var platforms = SplitList(platformsText).Select(p => p.ToLowerInvariant()).Distinct().ToList();
        if (platforms.Count == 0 || platforms.Any(p => !p.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-')))
        {
            _errors.Add($"{SupportedPlatformsVariable} must be a comma-separated list of platform names (letters, digits, '_' or '-'), for example onlyfans,fansly.");
        }
        else
        {
            Profiles.SupportedPlatforms = platforms;
        }
    }

    /// <summary>SCRAPE_COOLDOWN_&lt;PLATFORM&gt; for each supported platform (read after SUPPORTED_PLATFORMS).</summary>
    private void ReadPlatformCooldowns(IConfiguration configuration)
    {
        foreach (var platform in Profiles.SupportedPlatforms)
        {
            var variable = $"{ScrapeCooldownVariable}_{platform.ToUpperInvariant().Replace('-', '_')}";
            if (ReadCooldown(configuration, variable) is { } platformCooldown)
            {
                Profiles.PlatformCooldowns[platform] = platformCooldown;
            }
        }
    }

    /// <summary>0 to 7 days: a bare number parses as days ("15" = 15 days), almost surely not what was meant.</summary>
    private TimeSpan? ReadCooldown(IConfiguration configuration, string variable) =>
        ReadDuration(configuration, variable, TimeSpan.Zero, MaxCooldown, "00:15:00");

    private static readonly TimeSpan MaxCooldown = TimeSpan.FromDays(7);

    private void ReadResourcePollInterval(IConfiguration configuration)
    {
        if (ReadDuration(configuration, ResourcePollIntervalVariable, CreatorProfilesOptions.MinResourcePollInterval, CreatorProfilesOptions.MaxResourcePollInterval, "00:00:02") is { } interval)
        {
            Profiles.ResourcePollInterval = interval;
        }
    }

    private void ReadEntryTtl(IConfiguration configuration)
    {
        if (ReadDuration(configuration, EntryTtlVariable, CredentialsEntryOptions.MinTtl, CredentialsEntryOptions.MaxTtl, "00:10:00") is { } ttl)
        {
            CredentialsEntry.Ttl = ttl;
        }
    }

    private void ReadEntryLinger(IConfiguration configuration)
    {
        if (ReadDuration(configuration, EntryLingerVariable, TimeSpan.Zero, CredentialsEntryOptions.MaxLinger, "00:01:00") is { } linger)
        {
            CredentialsEntry.Linger = linger;
        }
    }

    private void ReadOtlpEndpoint(IConfiguration configuration)
    {
        var text = configuration[OtlpEndpointVariable];
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        if (Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            OtlpEndpoint = uri;
        }
        else
        {
            _errors.Add($"{OtlpEndpointVariable} is not an http(s) URL of an OTLP collector such as http://127.0.0.1:4318 (leave it unset to turn telemetry off).");
        }
    }

    private void ReadKeys(IConfiguration configuration)
    {
        var current = configuration[CredentialKeyring.CurrentKeyVariable];
        if (string.IsNullOrWhiteSpace(current))
        {
            return;
        }

        Keyring = CredentialKeyring.TryParse(current, configuration[CredentialKeyring.PreviousKeysVariable], out var error);
        if (error is not null)
        {
            _errors.Add(error);
        }
    }
}
