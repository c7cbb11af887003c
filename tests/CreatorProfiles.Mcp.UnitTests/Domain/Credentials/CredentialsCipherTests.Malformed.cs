using System.Security.Cryptography;
using System.Text;
using CreatorProfiles.Mcp.Domain.Credentials;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Credentials;

/// <summary>Envelopes and plaintexts that are not well formed: bad base64, wrong part counts or lengths, plaintext that is not an object of strings.</summary>
public partial class CredentialsCipherTests
{
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
}
