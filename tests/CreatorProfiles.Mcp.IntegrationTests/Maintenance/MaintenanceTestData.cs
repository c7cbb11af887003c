using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Domain.Credentials;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Maintenance;

/// <summary>Writes the rows the maintenance and canary tests need straight into Directus (as admin), reads the
/// encrypted columns back raw, and runs the `credentials` commands.</summary>
internal sealed class MaintenanceTestData : IDisposable
{
    public const string ProfilesCollection = "creator_profiles";
    public const string SessionsCollection = "platform_sessions";

    private readonly LocalDirectus _directus;
    private readonly HttpClient _http;

    public MaintenanceTestData(LocalDirectus directus)
    {
        _directus = directus;
        _http = new HttpClient { BaseAddress = new Uri(directus.Url.TrimEnd('/') + "/") };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", directus.AdminToken);
    }

    /// <summary>A new profile of the admin's with <paramref name="credentials"/> stored exactly as given (any legacy form).</summary>
    public async Task<string> CreateProfileAsync(JsonNode? credentials, string prefix = "mt")
    {
        var username = $"{prefix}_{Guid.NewGuid():N}"[..20];
        var body = new JsonObject
        {
            ["user_id"] = _directus.Stack["ADMIN_USER_ID"],
            ["platform"] = "onlyfans",
            ["username"] = username,
            ["identity_key"] = $"{_directus.Stack["ADMIN_USER_ID"]}:onlyfans:{username}".ToLowerInvariant(),
            ["scrape_status"] = "idle",
            ["is_active"] = true,
            ["credentials"] = credentials,
        };
        using var response = await _http.PostAsJsonAsync("items/creator_profiles?fields=id", body);
        await EnsureAsync(response);
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["data"]!["id"]!;
    }

    /// <summary>A platform_sessions row of <paramref name="profileId"/> with <paramref name="cookies"/> stored exactly as given.</summary>
    public async Task<string> CreateSessionAsync(string profileId, JsonNode? cookies)
    {
        using var response = await _http.PostAsJsonAsync("items/platform_sessions?fields=id",
            new JsonObject { ["profile_id"] = profileId, ["platform"] = "onlyfans", ["cookies"] = cookies });
        await EnsureAsync(response);
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["data"]!["id"]!;
    }

    public async Task SetAsync(string collection, string id, string field, JsonNode? value)
    {
        using var response = await _http.PatchAsJsonAsync($"items/{collection}/{id}?fields=id", new JsonObject { [field] = value });
        await EnsureAsync(response);
    }

    public async Task DeleteAsync(string collection, string id)
    {
        using var response = await _http.DeleteAsync($"items/{collection}/{id}");
        await EnsureAsync(response);
    }

    /// <summary>id -> the raw stored value of <paramref name="field"/> (null when nothing is stored).</summary>
    public async Task<Dictionary<string, JsonElement?>> ColumnAsync(string collection, string field)
    {
        var body = await _http.GetStringAsync($"items/{collection}?limit=-1&fields=id,{field}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("data").EnumerateArray().ToDictionary(
            row => row.GetProperty("id").GetString()!,
            row => row.GetProperty(field) is { ValueKind: not JsonValueKind.Null } value ? value.Clone() : (JsonElement?)null);
    }

    /// <summary>Both encrypted columns, keyed "collection/id".</summary>
    public async Task<Dictionary<string, JsonElement?>> AllEncryptedAsync()
    {
        var all = new Dictionary<string, JsonElement?>();
        foreach (var (id, value) in await ColumnAsync(ProfilesCollection, "credentials"))
        {
            all[$"{ProfilesCollection}/{id}"] = value;
        }

        foreach (var (id, value) in await ColumnAsync(SessionsCollection, "cookies"))
        {
            all[$"{SessionsCollection}/{id}"] = value;
        }

        return all;
    }

    /// <summary>Every row of both collections as text: to prove a run wrote nothing.</summary>
    public async Task<string> SnapshotAsync() =>
        await _directus.Rest.SnapshotAsync(ProfilesCollection) + "\n--\n" + await _directus.Rest.SnapshotAsync(SessionsCollection);

    /// <summary>Runs `credentials ARGS` against this Directus. <paramref name="key"/> defaults to the stack's key;
    /// <paramref name="previousKeys"/> is unset unless given. With <paramref name="killAfterWrites"/> = N the command
    /// talks to Directus through a <see cref="WriteTrap"/> and is killed (SIGKILL) once its N-th row write is stored,
    /// before it reads that row back.</summary>
    public Task<ProcessResult> RunAsync(string[] args, string? key = null, string? previousKeys = null, int? killAfterWrites = null) =>
        RunCommandAsync(["credentials", .. args], key, previousKeys, killAfterWrites, null);

    /// <summary>Runs `credentials ARGS` talking to Directus through a <see cref="DirectusProxy"/> whose
    /// <paramref name="hook"/> sees every answer first (another writer acting between two of the command's requests,
    /// a count of its writes).</summary>
    public async Task<ProcessResult> RunThroughAsync(string[] args, DirectusProxy.AnswerHook hook, string? key = null, string? previousKeys = null)
    {
        await using var proxy = await DirectusProxy.StartAsync(_http.BaseAddress!, hook);
        return await RunCommandAsync(["credentials", .. args], key, previousKeys, null, proxy.Url);
    }

    /// <summary>Runs `profiles ARGS` the same way (with the stack's key; <paramref name="killAfterWrites"/> as above).</summary>
    public Task<ProcessResult> RunProfilesAsync(string[] args, int? killAfterWrites = null) =>
        RunCommandAsync(["profiles", .. args], null, null, killAfterWrites, null);

    private async Task<ProcessResult> RunCommandAsync(string[] args, string? key, string? previousKeys, int? killAfterWrites, Uri? through)
    {
        var environment = _directus.ServerEnvironment();
        environment["CREDENTIALS_ENC_KEY_B64"] = key ?? _directus.EncryptionKey;
        environment[CredentialKeyring.PreviousKeysVariable] = previousKeys;
        await using var trap = killAfterWrites is { } writes ? await WriteTrap.StartAsync(_http.BaseAddress!, writes) : null;
        if ((trap?.Url ?? through) is { } proxy)
        {
            environment["DIRECTUS_URL"] = proxy.ToString();
        }

        var (command, arguments) = ServerCommand.Get(args);
        return await ProcessRunner.RunAsync(command, arguments, environment, timeout: TimeSpan.FromMinutes(3), killWhen: trap?.Held);
    }

    /// <summary>Every profile's identity_key set back to the form older servers wrote, lower(platform:username), as
    /// a database from before the owner-scoped key holds it. Returns how many rows there are.</summary>
    public async Task<int> SetPreviousIdentityKeysAsync()
    {
        var rows = await _directus.Rest.ItemsAsync(ProfilesCollection, fields: "id,platform,username");
        foreach (var row in rows)
        {
            await SetAsync(ProfilesCollection, (string)row!["id"]!, "identity_key", $"{row["platform"]}:{row["username"]}".ToLowerInvariant());
        }

        return rows.Count;
    }

    /// <summary>id -> (the stored identity_key, the owner-scoped key its owner, platform and username make).</summary>
    public async Task<Dictionary<string, (string? Stored, string Expected)>> IdentityKeysAsync() =>
        (await _directus.Rest.ItemsAsync(ProfilesCollection, fields: "id,user_id,platform,username,identity_key")).ToDictionary(
            row => (string)row!["id"]!,
            row => ((string?)row!["identity_key"], $"{row["user_id"]}:{row["platform"]}:{row["username"]}".ToLowerInvariant()));

    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static CredentialsCipher Cipher(string current, params string[] previous) =>
        new(CredentialKeyring.TryParse(current, string.Join(',', previous), out var error) ?? throw new InvalidOperationException(error));

    /// <summary>A legacy_encrypted value: the bare "v1:..." string, made with <paramref name="cipher"/>'s current key.</summary>
    public static JsonNode LegacyEncrypted(CredentialsCipher cipher, IReadOnlyDictionary<string, string> credentials) =>
        JsonValue.Create((string)cipher.Encrypt(credentials)[CredentialsCipher.EnvelopeProperty]!)!;

    /// <summary>The summary table row for <paramref name="column"/> (or "total"): rows, migrated, already current, failed, skipped.</summary>
    public static (int Rows, int Migrated, int AlreadyCurrent, int Failed, int Skipped) Summary(string stdout, string column)
    {
        var rows = stdout.Split('\n')
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(cells => cells.Length == 6 && cells[0] == column && cells.Skip(1).All(c => c.All(char.IsAsciiDigit)))
            .ToList();
        var n = rows.Count == 1
            ? rows[0].Skip(1).Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray()
            : throw new InvalidOperationException($"expected one summary row for {column} in:\n{stdout}");
        return (n[0], n[1], n[2], n[3], n[4]);
    }

    private static async Task EnsureAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Directus answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>What a stored value opens to, compared without ever printing a value.</summary>
internal sealed record Opened(CredentialsFormat Format, IReadOnlyList<string> Names, IReadOnlyDictionary<string, string> Values)
{
    public static Opened? Try(CredentialsCipher cipher, JsonElement? stored)
    {
        try
        {
            var result = cipher.Decrypt(stored);
            return new Opened(result.Format, [.. result.FieldNames.Order(StringComparer.Ordinal)], result.Credentials.ToDictionary());
        }
        catch (UnreadableCredentialsException)
        {
            return null;
        }
    }

    /// <summary>Same field names and values (the format may differ).</summary>
    public bool SameContent(Opened? other) =>
        other is not null && Names.SequenceEqual(other.Names, StringComparer.Ordinal)
        && Values.All(p => other.Values.TryGetValue(p.Key, out var v) && string.Equals(v, p.Value, StringComparison.Ordinal));

    public override string ToString() => $"{Format.ToName()} [{string.Join(", ", Names)}]"; // names only
}
