using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Credentials;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Credentials;

public partial class CredentialsCipherTests
{
    /// <summary>32 bytes whose text and base64 are recognisable, so a leak of the key into a message is easy to spot.</summary>
    private static readonly byte[] CanaryKey = Encoding.ASCII.GetBytes("CANARYKEY-0123456789abcdefghijkl");
    private static readonly string CanaryKeyB64 = Convert.ToBase64String(CanaryKey);
    private const string CanaryPassword = "CANARY-pw-7f3a91 hunter2";
    private const string CanaryTotp = "CANARY-totp-JBSWY3DPEHPK3PXP";

    private static readonly Dictionary<string, string> CanaryCredentials = new()
    {
        ["username"] = "alice",
        ["password"] = CanaryPassword,
        ["totp_secret"] = CanaryTotp,
    };

    private static CredentialKeyring Keyring(byte[] current, params byte[][] previous) =>
        CredentialKeyring.TryParse(Convert.ToBase64String(current), string.Join(',', previous.Select(Convert.ToBase64String)), out _)
        ?? throw new InvalidOperationException("test keyring did not parse");

    private static byte[] NewKey() => RandomNumberGenerator.GetBytes(32);

    private static CredentialsCipher Cipher(byte[] current, params byte[][] previous) => new(Keyring(current, previous));

    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static JsonElement Element(JsonNode node) => Json(node.ToJsonString());

    private static JsonElement Envelope(string enc) => Element(new JsonObject { ["enc"] = enc });

    private static string EncOf(JsonObject envelope) => (string)envelope["enc"]!;

    /// <summary>Builds an envelope around any plaintext bytes (to test what the cipher does with bad plaintext).</summary>
    private static string RawV1(byte[] key, byte[] plaintext)
    {
        var iv = RandomNumberGenerator.GetBytes(12);
        var tag = new byte[16];
        var ct = new byte[plaintext.Length];
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(iv, plaintext, ct, tag);
        return $"v1:{Convert.ToBase64String(iv)}:{Convert.ToBase64String(tag)}:{Convert.ToBase64String(ct)}";
    }

    private static (byte[] Iv, byte[] Tag, byte[] Ct) Parts(string enc)
    {
        var parts = enc["v1:".Length..].Split(':');
        return (Convert.FromBase64String(parts[0]), Convert.FromBase64String(parts[1]), Convert.FromBase64String(parts[2]));
    }

    private static string Join(byte[] iv, byte[] tag, byte[] ct) =>
        $"v1:{Convert.ToBase64String(iv)}:{Convert.ToBase64String(tag)}:{Convert.ToBase64String(ct)}";

    /// <summary>No credential value, key material or ciphertext in a text a human or agent could see.</summary>
    private static void AssertNoSecrets(string text, string? enc = null)
    {
        Assert.DoesNotContain("CANARY", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(CanaryKeyB64, text);
        Assert.DoesNotContain("hunter2", text);
        Assert.DoesNotContain("JBSWY3DP", text);
        if (enc is not null)
        {
            foreach (var part in enc["v1:".Length..].Split(':').Where(p => p.Length >= 8))
            {
                Assert.DoesNotContain(part, text);
            }
        }
    }

    [Fact]
    public void DecryptionException_IsADomainExceptionSoToolsShowItsMessage()
    {
        var ex = Assert.Throws<UnreadableCredentialsException>(() => Cipher(CanaryKey).Decrypt(Envelope("v1:AAAA")));

        Assert.IsAssignableFrom<DomainException>(ex);
        Assert.Equal(CredentialsCheckOutcome.MalformedEnvelope, ex.Status);
    }

    [Fact]
    public void SensitiveBufferWriter_GrowsKeepingItsContentAndForgetsItOnDispose()
    {
        var data = RandomNumberGenerator.GetBytes(10_000);
        var writer = new SensitiveBufferWriter(16);
        for (var offset = 0; offset < data.Length; offset += 700)
        {
            var chunk = data.AsSpan(offset, Math.Min(700, data.Length - offset));
            chunk.CopyTo(writer.GetSpan(chunk.Length));
            writer.Advance(chunk.Length);
        }

        Assert.Equal(data, writer.WrittenSpan.ToArray());
        writer.Dispose();
        Assert.Equal(0, writer.WrittenSpan.Length);
    }
}
