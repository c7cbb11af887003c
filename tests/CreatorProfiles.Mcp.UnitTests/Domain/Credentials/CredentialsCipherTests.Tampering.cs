using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Credentials;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Credentials;

/// <summary>Verify on a good envelope and on one with flipped bytes, changed characters or a cut-off end.</summary>
public partial class CredentialsCipherTests
{
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
}
