using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Domain.Credentials;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Credentials;

/// <summary>
/// The v1 format is shared with the web app's Node code (docs/credentials.md): what C# writes, plain Node
/// <c>crypto</c> (samples/crypto/credentials-crypto.mjs) must read, and the other way round. No Directus needed.
/// </summary>
public class NodeInteropTests
{
    private static readonly string Script = Path.Combine(RepoPaths.Root, "samples", "crypto", "credentials-crypto.mjs");

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    private string KeyB64 => Convert.ToBase64String(_key);

    private static readonly Dictionary<string, Func<Dictionary<string, string>>> PayloadsByName = new()
    {
        ["ascii"] = () => new() { ["username"] = "alice", ["password"] = "p@ss:word/+=%" },
        ["empty object"] = () => new(),
        ["unicode"] = () => new()
        {
            ["emoji"] = "🔐😀👩‍💻🏳️‍🌈 and a flag 🇩🇪",
            ["arabic"] = "كلمة المرور: سرّية ١٢٣",
            ["hebrew"] = "סיסמה סודית",
            ["mixed_bidi"] = "abc \u202eעברית\u202c 123 العربية",
            ["cjk"] = "密码パスワード비밀번호",
            ["combining"] = "e\u0301 n\u0303 \u200d\u200b\ufeff",
        },
        ["special names"] = () => new()
        {
            ["enc"] = "a field named like the envelope",
            ["v1:a:b:c"] = "looks like ciphertext",
            [""] = "empty name",
            ["quote\"and\\backslash"] = "q",
            ["new\nline\ttab\u0000nul"] = "c",
            ["ключ 名前 🔑"] = "u",
            ["__proto__"] = "not a prototype",
            ["constructor"] = "x",
        },
        ["json-looking values"] = () => new() { ["a"] = "{\"enc\":\"v1:x\"}", ["b"] = "null", ["c"] = "</script><!--", ["d"] = "\\u0000" },
        ["large values"] = () => new()
        {
            ["ascii"] = string.Concat(Enumerable.Range(0, 100_000).Select(i => (char)('a' + (i % 26)))),
            ["unicode"] = string.Concat(Enumerable.Repeat("é中😀שׁ\n\"\\", 5_500)),
        },
    };

    public static TheoryData<string> Payloads() => [.. PayloadsByName.Keys];

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task CSharpEncrypts_NodeDecrypts(string payload)
    {
        var credentials = PayloadsByName[payload]();
        var envelope = Cipher().Encrypt(credentials);

        var output = await Node("decrypt", envelope.ToJsonString());

        Assert.Equal("v1", (string?)output["format"]);
        Assert.Equal(credentials, Strings(output["credentials"]!.AsObject()));
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task NodeEncrypts_CSharpDecrypts(string payload)
    {
        var credentials = PayloadsByName[payload]();

        var envelope = await Node("encrypt", JsonSerializer.Serialize(credentials));
        var result = Cipher().Decrypt(Element(envelope));

        Assert.Equal(["enc"], envelope.AsObject().Select(p => p.Key));
        Assert.Equal(CredentialsFormat.V1, result.Format);
        Assert.Equal(credentials, result.Credentials);
        Assert.Equal(credentials.Keys, result.FieldNames);
        Assert.Equal(CredentialKeyring.Fingerprint(_key), result.KeyFingerprint);
        Assert.Equal(CredentialsCheckOutcome.Ok, Cipher().Verify(Element(envelope)).Status);
    }

    [Fact]
    public async Task LargePayload_IsAbout200KilobytesOfPlaintext()
    {
        var credentials = PayloadsByName["large values"]();

        var envelope = await Node("encrypt", JsonSerializer.Serialize(credentials));

        var ciphertext = Convert.FromBase64String(((string)envelope["enc"]!).Split(':')[3]);
        Assert.InRange(ciphertext.Length, 190_000, 400_000);
    }

    [Fact]
    public async Task Fingerprint_IsTheSameInBothImplementations()
    {
        var result = await ProcessRunner.RunAsync("node", [Script, "fingerprint"], Environment(), timeout: TimeSpan.FromMinutes(1));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Cipher().KeyFingerprint, result.StandardOutput.Trim());
    }

    [Fact]
    public async Task LegacyUnwrappedString_ReadsTheSameInBothImplementations()
    {
        var credentials = PayloadsByName["unicode"]();
        var bare = (string)Cipher().Encrypt(credentials)["enc"]!;

        var output = await Node("decrypt", JsonSerializer.Serialize(bare));
        var result = Cipher().Decrypt(Element(JsonValue.Create(bare)));

        Assert.Equal("legacy_encrypted", (string?)output["format"]);
        Assert.Equal(credentials, Strings(output["credentials"]!.AsObject()));
        Assert.Equal(CredentialsFormat.LegacyEncrypted, result.Format);
        Assert.Equal(credentials, result.Credentials);
    }

    [Fact]
    public async Task PreviousKeys_AreTriedAfterTheCurrentOneInBothDirections()
    {
        var newKey = RandomNumberGenerator.GetBytes(32);
        var credentials = PayloadsByName["ascii"]();

        // Node wrote it with the old key; C# after rotation (new current key, old key as previous) still reads it.
        var fromNode = await Node("encrypt", JsonSerializer.Serialize(credentials));
        var rotated = new CredentialsCipher(CredentialKeyring.TryParse(Convert.ToBase64String(newKey), KeyB64, out _)!);
        var result = rotated.Decrypt(Element(fromNode));
        Assert.Equal(credentials, result.Credentials);
        Assert.True(result.OpenedWithPreviousKey);

        // C# wrote it with the old key; Node with the new key current and the old one previous reads it.
        var fromCSharp = Cipher().Encrypt(credentials);
        var output = await Node("decrypt", fromCSharp.ToJsonString(), Environment(Convert.ToBase64String(newKey), KeyB64));
        Assert.Equal(credentials, Strings(output["credentials"]!.AsObject()));
    }

    [Fact]
    public async Task TamperedCSharpEnvelope_IsRefusedByNodeWithoutLeakingIt()
    {
        var credentials = new Dictionary<string, string> { ["password"] = "CANARY-interop-pw" };
        var enc = (string)Cipher().Encrypt(credentials)["enc"]!;
        var parts = enc.Split(':');
        var ct = Convert.FromBase64String(parts[3]);
        ct[0] ^= 0x01;
        parts[3] = Convert.ToBase64String(ct);
        var tampered = new JsonObject { ["enc"] = string.Join(':', parts) }.ToJsonString();

        var result = await ProcessRunner.RunAsync("node", [Script, "decrypt"], Environment(), tampered, timeout: TimeSpan.FromMinutes(1));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cannot decrypt", result.StandardError);
        Assert.DoesNotContain("CANARY", result.StandardError + result.StandardOutput);
        Assert.DoesNotContain(KeyB64, result.StandardError);
        Assert.Equal(CredentialsCheckOutcome.KeyMismatchOrTampered, Cipher().Verify(Element(JsonNode.Parse(tampered)!)).Status);
    }

    private CredentialsCipher Cipher() =>
        new(CredentialKeyring.TryParse(KeyB64, null, out _) ?? throw new InvalidOperationException("test key did not parse"));

    private Dictionary<string, string?> Environment(string? current = null, string? previous = null) => new()
    {
        [CredentialKeyring.CurrentKeyVariable] = current ?? KeyB64,
        [CredentialKeyring.PreviousKeysVariable] = previous, // null removes an inherited value
    };

    private async Task<JsonNode> Node(string command, string stdin, Dictionary<string, string?>? environment = null)
    {
        var result = await ProcessRunner.RunAsync("node", [Script, command], environment ?? Environment(), stdin, timeout: TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, $"node {command} failed ({result.ExitCode}): {result.StandardError}");
        return JsonNode.Parse(result.StandardOutput) ?? throw new InvalidOperationException($"node {command} printed null");
    }

    private static JsonElement Element(JsonNode node)
    {
        using var document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.Clone();
    }

    private static Dictionary<string, string> Strings(JsonObject credentials) =>
        credentials.ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
}
