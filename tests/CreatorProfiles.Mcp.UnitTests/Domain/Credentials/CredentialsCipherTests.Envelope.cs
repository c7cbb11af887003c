using System.Security.Cryptography;
using System.Text;
using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Credentials;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Credentials;

/// <summary>Round trips and the v1 envelope Encrypt writes: AES-GCM layout, fresh nonces, and the values it refuses.</summary>
public partial class CredentialsCipherTests
{
    public static TheoryData<string, Dictionary<string, string>> Payloads() => new()
    {
        { "ascii", new() { ["username"] = "alice", ["password"] = "p@ss:word/+=" } },
        { "empty object", new() },
        { "unicode values", new() { ["emoji"] = "😀🔐👩‍💻 ok", ["arabic"] = "كلمة المرور سرية", ["hebrew"] = "סיסמה סודית", ["cjk"] = "密码パスワード비밀번호", ["combining"] = "e\u0301 \u200d \u202e" } },
        { "special names", new() { ["enc"] = "not an envelope", ["v1:"] = "x", [""] = "empty name", ["quote\"back\\slash"] = "q", ["new\nline\ttab"] = "n", ["ünï 名前 🔑"] = "u", ["<script>"] = "&amp;" } },
        { "control characters", new() { ["c"] = "\0\u0001\u001f\u007f\r\n\t\"\\/" } },
        { "empty value", new() { ["password"] = "" } },
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public void EncryptThenDecrypt_GivesTheSameCredentials(string name, Dictionary<string, string> credentials)
    {
        var cipher = Cipher(NewKey());

        var result = cipher.Decrypt(Element(cipher.Encrypt(credentials)));

        Assert.True(name.Length > 0);
        Assert.Equal(CredentialsFormat.V1, result.Format);
        Assert.Equal(credentials, result.Credentials);
        Assert.Equal(credentials.Keys, result.FieldNames);
        Assert.Equal(cipher.KeyFingerprint, result.KeyFingerprint);
        Assert.False(result.OpenedWithPreviousKey);
        Assert.False(result.NeedsReencryption);
    }

    [Fact]
    public void EncryptThenDecrypt_OneMegabyteValues_RoundTrip()
    {
        var cipher = Cipher(NewKey());
        var random = new Random(42);
        string[] pieces = ["a", "b", "X", "0", " ", "+", "/", "=", ":", "\"", "\\", "é", "中", "😀", "שׁ", "\n"];
        var big = string.Concat(Enumerable.Range(0, 700_000).Select(_ => pieces[random.Next(pieces.Length)]));
        var credentials = new Dictionary<string, string> { ["big"] = big, ["other"] = new string('x', 100_000) };

        var envelope = cipher.Encrypt(credentials);
        var result = cipher.Decrypt(Element(envelope));

        Assert.Equal(credentials, result.Credentials);
        Assert.True(Parts(EncOf(envelope)).Ct.Length > 1_000_000);
    }

    [Fact]
    public void Encrypt_WritesTheV1EnvelopeOfAesGcmOverTheJsonTextWithoutAad()
    {
        var key = NewKey();
        var credentials = new Dictionary<string, string> { ["username"] = "alice", ["note"] = "héllo שלום" };

        var envelope = Cipher(key).Encrypt(credentials);

        Assert.Equal(["enc"], envelope.Select(p => p.Key));
        var enc = EncOf(envelope);
        Assert.StartsWith("v1:", enc);
        Assert.Equal(4, enc.Split(':').Length);
        var (iv, tag, ct) = Parts(enc);
        Assert.Equal(12, iv.Length);
        Assert.Equal(16, tag.Length);
        var plaintext = new byte[ct.Length];
        using (var aes = new AesGcm(key, 16))
        {
            aes.Decrypt(iv, ct, tag, plaintext); // no associated data
        }

        // Compact JSON, non-ASCII left as UTF-8 (what Node's JSON.stringify writes).
        Assert.Equal("{\"username\":\"alice\",\"note\":\"héllo שלום\"}", Encoding.UTF8.GetString(plaintext));
    }

    [Fact]
    public void Encrypt_SameInputTwice_GivesDifferentEnvelopesWithFreshNonces()
    {
        var cipher = Cipher(NewKey());

        var first = EncOf(cipher.Encrypt(CanaryCredentials));
        var second = EncOf(cipher.Encrypt(CanaryCredentials));

        Assert.NotEqual(first, second);
        Assert.NotEqual(Parts(first).Iv, Parts(second).Iv);
        Assert.NotEqual(Parts(first).Ct, Parts(second).Ct);
    }

    [Fact]
    public void Encrypt_ManyTimes_NeverRepeatsANonce()
    {
        var cipher = Cipher(NewKey());
        var one = new Dictionary<string, string> { ["a"] = "b" };

        var ivs = Enumerable.Range(0, 2000).Select(_ => Convert.ToBase64String(Parts(EncOf(cipher.Encrypt(one))).Iv)).ToHashSet();

        Assert.Equal(2000, ivs.Count);
    }

    [Fact]
    public void Encrypt_NullValue_IsRefusedNamingTheFieldButNoValue()
    {
        var credentials = new Dictionary<string, string> { ["password"] = CanaryPassword, ["otp"] = null! };

        var ex = Assert.Throws<InvalidArgumentException>(() => Cipher(NewKey()).Encrypt(credentials));

        Assert.Contains("\"otp\"", ex.Message);
        AssertNoSecrets(ex.ToString());
    }

    // By index: xunit's theory data serialization would itself replace lone surrogates with U+FFFD.
    private static readonly string[] LoneSurrogates = ["\ud800", "\udc00x", "x\ud83d", "\ude00\ud83d"];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Encrypt_LoneSurrogateInAValue_IsRefusedNotSilentlyReplaced(int which)
    {
        var bad = LoneSurrogates[which];
        var credentials = new Dictionary<string, string> { ["username"] = "a", ["password"] = CanaryPassword + bad };

        var ex = Assert.Throws<InvalidArgumentException>(() => Cipher(NewKey()).Encrypt(credentials));

        Assert.Contains("Unicode", ex.Message);
        Assert.Contains("\"password\"", ex.Message);
        AssertNoSecrets(ex.ToString());
    }

    [Fact]
    public void Encrypt_LoneSurrogateInAName_IsRefused()
    {
        var credentials = new Dictionary<string, string> { ["pass\ud800"] = CanaryPassword };

        var ex = Assert.Throws<InvalidArgumentException>(() => Cipher(NewKey()).Encrypt(credentials));

        Assert.Contains("field names", ex.Message);
        AssertNoSecrets(ex.ToString());
    }
}
