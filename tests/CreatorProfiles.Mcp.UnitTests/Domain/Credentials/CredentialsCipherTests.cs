using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Credentials;
using Microsoft.Extensions.DependencyInjection;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Credentials;

public class CredentialsCipherTests
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
    public void Encrypt_UsesTheCurrentKeyOnly()
    {
        var current = NewKey();
        var previous = NewKey();

        var enc = EncOf(Cipher(current, previous).Encrypt(CanaryCredentials));

        Assert.Equal(CanaryCredentials, Cipher(current).Decrypt(Envelope(enc)).Credentials);
        Assert.Equal(CredentialsCheckOutcome.KeyMismatchOrTampered, Cipher(previous).Verify(Envelope(enc)).Status);
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

    [Fact]
    public void Decrypt_ValueFromAPreviousKey_OpensAndSaysItNeedsReencryption()
    {
        var old1 = NewKey();
        var old2 = NewKey();
        var enc = EncOf(Cipher(old2).Encrypt(CanaryCredentials));
        var rotated = Cipher(NewKey(), old1, old2);

        var result = rotated.Decrypt(Envelope(enc));

        Assert.Equal(CanaryCredentials, result.Credentials);
        Assert.Equal(CredentialKeyring.Fingerprint(old2), result.KeyFingerprint);
        Assert.NotEqual(rotated.KeyFingerprint, result.KeyFingerprint);
        Assert.True(result.OpenedWithPreviousKey);
        Assert.True(result.NeedsReencryption);

        var verification = rotated.Verify(Envelope(enc));
        Assert.Equal(CredentialsCheckOutcome.Ok, verification.Status);
        Assert.True(verification.OpenedWithPreviousKey);
        Assert.True(verification.NeedsReencryption);
        Assert.Contains(CredentialKeyring.Fingerprint(old2), verification.Message);
    }

    [Fact]
    public void Decrypt_AfterReencryptingWithTheCurrentKey_NoLongerNeedsThePreviousKey()
    {
        var oldKey = NewKey();
        var newKey = NewKey();
        var enc = EncOf(Cipher(oldKey).Encrypt(CanaryCredentials));

        var read = Cipher(newKey, oldKey).Decrypt(Envelope(enc));
        var reencrypted = Cipher(newKey, oldKey).Encrypt(read.Credentials);
        var underNewKeyAlone = Cipher(newKey).Decrypt(Element(reencrypted));

        Assert.Equal(CanaryCredentials, underNewKeyAlone.Credentials);
        Assert.False(underNewKeyAlone.NeedsReencryption);
    }

    [Fact]
    public void Decrypt_LegacyUnwrappedV1String_OpensAsLegacyEncrypted()
    {
        var cipher = Cipher(NewKey());
        var enc = EncOf(cipher.Encrypt(CanaryCredentials));

        var result = cipher.Decrypt(Element(JsonValue.Create(enc)));

        Assert.Equal(CredentialsFormat.LegacyEncrypted, result.Format);
        Assert.Equal(CanaryCredentials, result.Credentials);
        Assert.Equal(cipher.KeyFingerprint, result.KeyFingerprint);
        Assert.True(result.NeedsReencryption);
    }

    [Fact]
    public void Decrypt_LegacyPlaintextObject_IsReturnedAsItIs()
    {
        var result = Cipher(NewKey()).Decrypt(Json("""{"username":"alice","password":"CANARY-x"}"""));

        Assert.Equal(CredentialsFormat.LegacyPlaintext, result.Format);
        Assert.Equal(new Dictionary<string, string> { ["username"] = "alice", ["password"] = "CANARY-x" }, result.Credentials);
        Assert.Equal(["username", "password"], result.FieldNames);
        Assert.Null(result.KeyFingerprint);
        Assert.True(result.NeedsReencryption);
    }

    [Theory]
    [InlineData("alice:CANARY-pw")]
    [InlineData("CANARY-legacy-plain-password")]
    [InlineData("{not json")]
    [InlineData("[\"a\"]")]
    [InlineData("42")]
    public void Decrypt_LegacyPlainString_IsOneFieldNamedValue(string stored)
    {
        var result = Cipher(NewKey()).Decrypt(Element(JsonValue.Create(stored)));

        Assert.Equal(CredentialsFormat.LegacyPlaintext, result.Format);
        Assert.Equal(new Dictionary<string, string> { [CredentialsCipher.LegacyStringField] = stored }, result.Credentials);
        Assert.Equal(["value"], result.FieldNames);
    }

    [Fact]
    public void Decrypt_LegacyStringHoldingJsonObjectText_IsThatObject()
    {
        var result = Cipher(NewKey()).Decrypt(Element(JsonValue.Create("""{"username":"bob","password":"CANARY-y"}""")));

        Assert.Equal(CredentialsFormat.LegacyPlaintext, result.Format);
        Assert.Equal(new Dictionary<string, string> { ["username"] = "bob", ["password"] = "CANARY-y" }, result.Credentials);
    }

    [Fact]
    public void Decrypt_StringHoldingAnEnvelopesJsonText_IsOpenedNotTakenForPlaintext()
    {
        var cipher = Cipher(NewKey());
        var doubleEncoded = cipher.Encrypt(CanaryCredentials).ToJsonString();

        var result = cipher.Decrypt(Element(JsonValue.Create(doubleEncoded)));

        Assert.Equal(CanaryCredentials, result.Credentials);
        Assert.Equal(CredentialsFormat.LegacyPlaintext, result.Format); // as classified: stored as a string, so it gets rewritten
        Assert.True(result.NeedsReencryption);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"\"")]
    [InlineData("{}")]
    public void Decrypt_NothingStored_IsEmptyOfFormatNone(string stored)
    {
        var cipher = Cipher(NewKey());

        var result = cipher.Decrypt(Json(stored));

        Assert.Equal(CredentialsFormat.None, result.Format);
        Assert.Empty(result.Credentials);
        Assert.False(result.NeedsReencryption);
        Assert.Equal(CredentialsCheckOutcome.NoCredentials, cipher.Verify(Json(stored)).Status);
        Assert.True(cipher.Verify(Json(stored)).IsReadable);
    }

    [Fact]
    public void Decrypt_NoValueAtAll_IsNone()
    {
        Assert.Equal(CredentialsFormat.None, Cipher(NewKey()).Decrypt(null).Format);
        Assert.Equal(CredentialsCheckOutcome.NoCredentials, Cipher(NewKey()).Verify(null).Status);
    }

    [Fact]
    public void Verify_GoodEnvelope_IsOkWithFieldNamesAndFingerprintButNoValues()
    {
        var cipher = Cipher(CanaryKey);
        var stored = Element(cipher.Encrypt(CanaryCredentials));

        var verification = cipher.Verify(stored);

        Assert.Equal(CredentialsCheckOutcome.Ok, verification.Status);
        Assert.Equal(CredentialsFormat.V1, verification.Format);
        Assert.Equal(["username", "password", "totp_secret"], verification.FieldNames);
        Assert.Equal(cipher.KeyFingerprint, verification.KeyFingerprint);
        Assert.False(verification.NeedsReencryption);
        Assert.Contains(cipher.KeyFingerprint, verification.Message);
        AssertNoSecrets(verification.Message);
        AssertNoSecrets(verification.ToString());
        AssertNoSecrets(cipher.Decrypt(stored).ToString());
    }

    [Theory]
    [InlineData("iv", 0)]
    [InlineData("iv", 11)]
    [InlineData("tag", 0)]
    [InlineData("tag", 15)]
    [InlineData("ciphertext", 0)]
    [InlineData("ciphertext", 20)]
    [InlineData("ciphertext", -1)]
    public void Verify_OneFlippedByte_IsDetectedAsTamperedOrWrongKey(string part, int index)
    {
        var cipher = Cipher(CanaryKey);
        var enc = EncOf(cipher.Encrypt(CanaryCredentials));
        var (iv, tag, ct) = Parts(enc);
        var bytes = part switch { "iv" => iv, "tag" => tag, _ => ct };
        bytes[index < 0 ? bytes.Length - 1 : index] ^= 0x01;

        var verification = cipher.Verify(Envelope(Join(iv, tag, ct)));

        Assert.Equal(CredentialsCheckOutcome.KeyMismatchOrTampered, verification.Status);
        Assert.Contains("altered", verification.Message);
        Assert.Contains(cipher.KeyFingerprint, verification.Message);
        Assert.Empty(verification.FieldNames);
        AssertNoSecrets(verification.Message, enc);
        var ex = Assert.Throws<UnreadableCredentialsException>(() => cipher.Decrypt(Envelope(Join(iv, tag, ct))));
        Assert.IsAssignableFrom<DomainException>(ex);
        Assert.Null(ex.InnerException);
        AssertNoSecrets(ex.ToString(), enc);
    }

    [Theory]
    [InlineData(9)]  // ciphertext base64 without padding
    [InlineData(10)] // "=="
    [InlineData(11)] // "="
    public void Verify_AnySingleCharacterOfTheEnvelopeChanged_IsNeverOk(int plaintextLength)
    {
        // {"a":"…"} of the wanted length, so each padding variant of the ciphertext part is covered.
        var credentials = new Dictionary<string, string> { ["a"] = new string('x', plaintextLength - 8) };
        var cipher = Cipher(CanaryKey);
        var enc = EncOf(cipher.Encrypt(credentials));
        Assert.Equal(plaintextLength, Parts(enc).Ct.Length);

        for (var i = 0; i < enc.Length; i++)
        {
            foreach (var replacement in new[] { 'A', 'B', 'g', '+', '/', '=', ':', '!', ' ' })
            {
                if (enc[i] == replacement)
                {
                    continue;
                }

                var changed = string.Concat(enc.AsSpan(0, i), replacement.ToString(), enc.AsSpan(i + 1));
                var verification = cipher.Verify(Envelope(changed));

                Assert.True(verification.Status != CredentialsCheckOutcome.Ok, $"position {i} -> '{replacement}' verified");
                AssertNoSecrets(verification.Message, enc);
            }
        }
    }

    [Fact]
    public void Verify_WrongKey_IsDetectedNamingOnlyFingerprints()
    {
        var other = NewKey();
        var enc = EncOf(Cipher(other).Encrypt(CanaryCredentials));
        var cipher = Cipher(CanaryKey, NewKey());

        var verification = cipher.Verify(Envelope(enc));

        Assert.Equal(CredentialsCheckOutcome.KeyMismatchOrTampered, verification.Status);
        Assert.Contains("2 keys", verification.Message);
        Assert.Contains(cipher.KeyFingerprint, verification.Message);
        Assert.DoesNotContain(CredentialKeyring.Fingerprint(other), verification.Message);
        Assert.Contains(CredentialKeyring.PreviousKeysVariable, verification.Message);
        AssertNoSecrets(verification.Message, enc);
        Assert.DoesNotContain(Convert.ToBase64String(other), verification.Message);
    }

    [Fact]
    public void Verify_EveryTruncationOfTheEnvelope_IsDetectedWithoutThrowing()
    {
        var cipher = Cipher(CanaryKey);
        var enc = EncOf(cipher.Encrypt(CanaryCredentials));
        var statuses = new HashSet<CredentialsCheckOutcome>();

        for (var length = 0; length < enc.Length; length++)
        {
            var verification = cipher.Verify(Envelope(enc[..length]));

            Assert.NotEqual(CredentialsCheckOutcome.Ok, verification.Status);
            AssertNoSecrets(verification.Message, enc);
            statuses.Add(verification.Status);
        }

        Assert.Contains(CredentialsCheckOutcome.MalformedEnvelope, statuses);
        Assert.Contains(CredentialsCheckOutcome.InvalidBase64, statuses);
    }

    [Fact]
    public void Verify_EnvelopeCutAfterTheTag_SaysPartsAreMissingAndMayBeTruncated()
    {
        var cipher = Cipher(CanaryKey);
        var enc = EncOf(cipher.Encrypt(CanaryCredentials));

        var verification = cipher.Verify(Envelope(enc[..enc.LastIndexOf(':')]));

        Assert.Equal(CredentialsCheckOutcome.MalformedEnvelope, verification.Status);
        Assert.Contains("found 2", verification.Message);
        Assert.Contains("truncated", verification.Message);
    }

    [Fact]
    public void Verify_CiphertextCutAtAWholeBase64Quantum_IsTamperedNotMalformed()
    {
        var cipher = Cipher(CanaryKey);
        var enc = EncOf(cipher.Encrypt(CanaryCredentials));

        var verification = cipher.Verify(Envelope(enc[..^4]));

        Assert.Equal(CredentialsCheckOutcome.KeyMismatchOrTampered, verification.Status);
    }

    [Theory]
    [InlineData(0, "iv", "!")]
    [InlineData(1, "tag", "*")]
    [InlineData(2, "ciphertext", "%")]
    [InlineData(2, "ciphertext", " ")]
    [InlineData(0, "iv", "-")] // base64url alphabet is not standard base64
    [InlineData(1, "tag", "_")]
    public void Verify_NonBase64Part_NamesThePart(int partIndex, string partName, string bad)
    {
        var cipher = Cipher(CanaryKey);
        var enc = EncOf(cipher.Encrypt(CanaryCredentials));
        var parts = enc["v1:".Length..].Split(':');
        parts[partIndex] = bad + parts[partIndex][1..];

        var verification = cipher.Verify(Envelope("v1:" + string.Join(':', parts)));

        Assert.Equal(CredentialsCheckOutcome.InvalidBase64, verification.Status);
        Assert.Contains($"the {partName} part is not standard base64", verification.Message);
        AssertNoSecrets(verification.Message, enc);
    }

    [Fact]
    public void Verify_NonCanonicalPadding_IsRefusedAsNotStandardBase64()
    {
        var cipher = Cipher(CanaryKey);
        var enc = EncOf(cipher.Encrypt(CanaryCredentials));
        var parts = enc["v1:".Length..].Split(':');
        var tag = parts[1]; // 16 bytes: 22 characters and "=="; the last character carries 4 unused bits
        var last = tag[21];
        var alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        parts[1] = tag[..21] + alphabet[alphabet.IndexOf(last, StringComparison.Ordinal) ^ 1] + "==";
        Assert.Equal(Convert.FromBase64String(tag), Convert.FromBase64String(parts[1])); // same bytes to a lenient decoder

        var verification = cipher.Verify(Envelope("v1:" + string.Join(':', parts)));

        Assert.Equal(CredentialsCheckOutcome.InvalidBase64, verification.Status);
    }

    [Theory]
    [InlineData("v1:", 1)]
    [InlineData("v1:AAAA", 1)]
    [InlineData("v1:AAAA:AAAA", 2)]
    [InlineData("v1:AAAA:AAAA:AAAA:AAAA", 4)]
    public void Verify_WrongPartCount_IsMalformed(string enc, int found)
    {
        var verification = Cipher(CanaryKey).Verify(Envelope(enc));

        Assert.Equal(CredentialsCheckOutcome.MalformedEnvelope, verification.Status);
        Assert.Contains($"found {found}", verification.Message);
    }

    [Fact]
    public void Verify_EmptyPart_IsMalformedAndMayBeTruncated()
    {
        var cipher = Cipher(CanaryKey);
        var enc = EncOf(cipher.Encrypt(CanaryCredentials));

        var verification = cipher.Verify(Envelope(enc[..(enc.LastIndexOf(':') + 1)]));

        Assert.Equal(CredentialsCheckOutcome.MalformedEnvelope, verification.Status);
        Assert.Contains("ciphertext part is empty", verification.Message);
    }

    [Theory]
    [InlineData(8, 16, "iv is 8 bytes")]
    [InlineData(16, 16, "iv is 16 bytes")]
    [InlineData(12, 12, "tag is 12 bytes")]
    [InlineData(12, 15, "tag is 15 bytes")]
    public void Verify_WrongIvOrTagLength_SaysWhichAndHowLong(int ivLength, int tagLength, string expected)
    {
        var enc = Join(RandomNumberGenerator.GetBytes(ivLength), RandomNumberGenerator.GetBytes(tagLength), RandomNumberGenerator.GetBytes(40));

        var verification = Cipher(CanaryKey).Verify(Envelope(enc));

        Assert.Equal(CredentialsCheckOutcome.InvalidLength, verification.Status);
        Assert.Contains(expected, verification.Message);
    }

    [Theory]
    [InlineData("""{"enc":42}""", "is a number")]
    [InlineData("""{"enc":null}""", "is null")]
    [InlineData("""{"enc":{"v1":"x"}}""", "is an object")]
    [InlineData("""{"enc":""}""", "does not start with")]
    [InlineData("""{"enc":"v2:AAAA:AAAA:AAAA"}""", "does not start with")]
    [InlineData("""{"enc":"V1:AAAA:AAAA:AAAA"}""", "does not start with")]
    public void Verify_EncNotAV1String_IsMalformed(string stored, string expected)
    {
        var verification = Cipher(CanaryKey).Verify(Json(stored));

        Assert.Equal(CredentialsCheckOutcome.MalformedEnvelope, verification.Status);
        Assert.Equal(CredentialsFormat.V1, verification.Format);
        Assert.Contains(expected, verification.Message);
    }

    [Theory]
    [InlineData("""["CANARY-in-array"]""", "is an array")]
    [InlineData("\"CANARY-a-string\"", "is a string")]
    [InlineData("42", "is a number")]
    [InlineData("""{"password":"CANARY-pw","pin":1234}""", "field \"pin\" is a number")]
    [InlineData("""{"password":"CANARY-pw","nested":{"x":"CANARY-n"}}""", "field \"nested\" is an object")]
    [InlineData("""{"password":"CANARY-pw","list":["CANARY-l"]}""", "field \"list\" is an array")]
    [InlineData("""{"password":"CANARY-pw","otp":null}""", "field \"otp\" is null")]
    [InlineData("""{"password":"CANARY-1","password":"CANARY-2"}""", "field \"password\" appears more than once")]
    [InlineData("{\"password\":\"CANARY-pw\"", "not valid UTF-8 JSON")]
    [InlineData("""{"password":'CANARY-pw'}""", "not valid UTF-8 JSON")]
    [InlineData("""{"password":"CANARY-pw"} {"more":"CANARY-2"}""", "not valid UTF-8 JSON")]
    [InlineData("""{"password":"CANARY-pw",}""", "not valid UTF-8 JSON")]
    [InlineData("CANARY plain text", "not valid UTF-8 JSON")]
    public void Verify_DecryptedTextNotAnObjectOfStrings_IsInvalidPlaintextWithoutQuotingIt(string plaintext, string expected)
    {
        var enc = RawV1(CanaryKey, Encoding.UTF8.GetBytes(plaintext));
        var cipher = Cipher(CanaryKey);

        var verification = cipher.Verify(Envelope(enc));

        Assert.Equal(CredentialsCheckOutcome.InvalidPlaintext, verification.Status);
        Assert.Contains(expected, verification.Message);
        Assert.Contains(cipher.KeyFingerprint, verification.Message);
        AssertNoSecrets(verification.Message, enc);
        var ex = Assert.Throws<UnreadableCredentialsException>(() => cipher.Decrypt(Envelope(enc)));
        Assert.Equal(CredentialsCheckOutcome.InvalidPlaintext, ex.Status);
        AssertNoSecrets(ex.ToString(), enc);
    }

    [Fact]
    public void Verify_DecryptedBytesNotUtf8_IsInvalidPlaintext()
    {
        var plaintext = Encoding.UTF8.GetBytes("{\"password\":\"CANARY-\"}");
        plaintext[^3] = 0xFF; // invalid UTF-8 inside the string value

        var verification = Cipher(CanaryKey).Verify(Envelope(RawV1(CanaryKey, plaintext)));

        Assert.Equal(CredentialsCheckOutcome.InvalidPlaintext, verification.Status);
        AssertNoSecrets(verification.Message);
    }

    [Theory]
    [InlineData("""{"password":"CANARY-pw","pin":1234}""", "field \"pin\" is a number")]
    [InlineData("""{"password":"CANARY-pw","otp":false}""", "field \"otp\" is a boolean")]
    [InlineData("""["CANARY-pw"]""", "are an array")]
    [InlineData("true", "are a boolean")]
    [InlineData("7", "are a number")]
    public void Verify_LegacyPlaintextNotAnObjectOfStrings_IsInvalidPlaintext(string stored, string expected)
    {
        var verification = Cipher(CanaryKey).Verify(Json(stored));

        Assert.Equal(CredentialsCheckOutcome.InvalidPlaintext, verification.Status);
        Assert.Equal(CredentialsFormat.LegacyPlaintext, verification.Format);
        Assert.Contains(expected, verification.Message);
        AssertNoSecrets(verification.Message);
    }

    [Fact]
    public void Verify_LegacyPlaintext_IsOkButSaysItIsNotEncrypted()
    {
        var verification = Cipher(CanaryKey).Verify(Json("""{"username":"a","password":"CANARY-x"}"""));

        Assert.Equal(CredentialsCheckOutcome.Ok, verification.Status);
        Assert.Equal(CredentialsFormat.LegacyPlaintext, verification.Format);
        Assert.Null(verification.KeyFingerprint);
        Assert.True(verification.NeedsReencryption);
        Assert.Contains("not encrypted", verification.Message);
        Assert.Contains("username, password", verification.ToString());
        AssertNoSecrets(verification.Message);
        AssertNoSecrets(verification.ToString());
    }

    [Fact]
    public void Verify_LegacyEncryptedUnderAnUnknownKey_IsDetected()
    {
        var enc = EncOf(Cipher(NewKey()).Encrypt(CanaryCredentials));

        var verification = Cipher(CanaryKey).Verify(Element(JsonValue.Create(enc)));

        Assert.Equal(CredentialsCheckOutcome.KeyMismatchOrTampered, verification.Status);
        Assert.Equal(CredentialsFormat.LegacyEncrypted, verification.Format);
    }

    [Fact]
    public void DecryptionException_IsADomainExceptionSoToolsShowItsMessage()
    {
        var ex = Assert.Throws<UnreadableCredentialsException>(() => Cipher(CanaryKey).Decrypt(Envelope("v1:AAAA")));

        Assert.IsAssignableFrom<DomainException>(ex);
        Assert.Equal(CredentialsCheckOutcome.MalformedEnvelope, ex.Status);
    }

    [Fact]
    public void Provider_WithoutKey_RefusesSayingHowToTurnTheFeaturesOn()
    {
        var provider = new ServiceCollection().AddCreatorProfilesDomain(null).BuildServiceProvider().GetRequiredService<CredentialsCipherProvider>();

        Assert.False(provider.IsConfigured);
        var ex = Assert.Throws<DomainException>(() => provider.GetCipher());
        Assert.Contains("CREDENTIALS_ENC_KEY_B64", ex.Message);
        Assert.Contains("openssl rand -base64 32", ex.Message);
        Assert.Contains("off", ex.Message);
    }

    [Fact]
    public void Provider_WithKey_GivesOneCipherForTheCurrentKey()
    {
        var keyring = Keyring(CanaryKey);
        var provider = new ServiceCollection().AddCreatorProfilesDomain(keyring).BuildServiceProvider().GetRequiredService<CredentialsCipherProvider>();

        Assert.True(provider.IsConfigured);
        Assert.Same(provider.GetCipher(), provider.GetCipher());
        Assert.Equal(keyring.CurrentFingerprint, provider.GetCipher().KeyFingerprint);
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
