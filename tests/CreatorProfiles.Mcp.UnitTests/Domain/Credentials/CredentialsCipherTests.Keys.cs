using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Credentials;
using Microsoft.Extensions.DependencyInjection;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Credentials;

/// <summary>Which key encrypts and opens a value: the current key, previous keys during rotation, a wrong key, and the provider.</summary>
public partial class CredentialsCipherTests
{
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
}
