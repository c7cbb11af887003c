using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CreatorProfiles.Mcp.Domain.Credentials;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Credentials;

public class CredentialKeyringTests
{
    /// <summary>32 bytes whose base64 is recognisable, so a leak of the key text into a message is easy to spot.</summary>
    private static readonly byte[] CanaryKey = Encoding.ASCII.GetBytes("CANARYKEY-0123456789abcdefghijkl");
    private static readonly string CanaryKeyB64 = Convert.ToBase64String(CanaryKey);

    private static string NewKeyB64() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void TryParse_Valid32ByteKey_GivesKeyringWithThatKey()
    {
        var keyring = CredentialKeyring.TryParse(CanaryKeyB64, null, out var error);

        Assert.Null(error);
        Assert.NotNull(keyring);
        Assert.Equal(CanaryKey, keyring.Current);
        Assert.Empty(keyring.Previous);
    }

    [Fact]
    public void TryParse_KeyWithSurroundingWhitespace_IsAccepted()
    {
        var keyring = CredentialKeyring.TryParse($"  {CanaryKeyB64}\n", "", out var error);

        Assert.Null(error);
        Assert.Equal(CanaryKey, keyring!.Current);
    }

    [Fact]
    public void TryParse_16ByteKey_IsRefusedSayingTheLengthButNotTheKey()
    {
        var shortKey = Convert.ToBase64String(Encoding.ASCII.GetBytes("CANARY16BYTESKEY"));

        var keyring = CredentialKeyring.TryParse(shortKey, null, out var error);

        Assert.Null(keyring);
        Assert.NotNull(error);
        Assert.Contains(CredentialKeyring.CurrentKeyVariable, error);
        Assert.Contains("16 bytes", error);
        Assert.Contains("32", error);
        Assert.DoesNotContain(shortKey, error);
        Assert.DoesNotContain("CANARY", error);
    }

    [Fact]
    public void TryParse_33ByteKey_IsRefused()
    {
        var keyring = CredentialKeyring.TryParse(Convert.ToBase64String(new byte[33]), null, out var error);

        Assert.Null(keyring);
        Assert.Contains("33 bytes", error);
    }

    [Theory]
    [InlineData("CANARY-this-is-not-base64!")]
    [InlineData("CANARY==notbase64")]
    [InlineData("")]
    public void TryParse_NotBase64_IsRefusedWithoutQuotingTheValue(string current)
    {
        var keyring = CredentialKeyring.TryParse(current, null, out var error);

        Assert.Null(keyring);
        Assert.NotNull(error);
        Assert.Contains(CredentialKeyring.CurrentKeyVariable, error);
        Assert.DoesNotContain("CANARY", error);
    }

    [Fact]
    public void TryParse_Base64UrlAlphabet_IsNotStandardBase64AndIsRefused()
    {
        var urlSafe = Convert.ToBase64String(Enumerable.Repeat((byte)0xFF, 32).ToArray()).Replace('/', '_'); // padding kept: only the alphabet differs

        Assert.Null(CredentialKeyring.TryParse(urlSafe, null, out var error));
        Assert.Contains("base64", error);
    }

    [Fact]
    public void TryParse_PreviousKeys_AreKeptInOrderAndEmptyEntriesIgnored()
    {
        var first = NewKeyB64();
        var second = NewKeyB64();

        var keyring = CredentialKeyring.TryParse(NewKeyB64(), $" {first} ,, {second},", out var error);

        Assert.Null(error);
        Assert.NotNull(keyring);
        Assert.Equal(2, keyring.Previous.Count);
        Assert.Equal(Convert.FromBase64String(first), keyring.Previous[0]);
        Assert.Equal(Convert.FromBase64String(second), keyring.Previous[1]);
    }

    [Fact]
    public void TryParse_OneBadPreviousKey_RefusesNamingTheEntryButNotItsValue()
    {
        var badEntry = Convert.ToBase64String(Encoding.ASCII.GetBytes("CANARY-PREVIOUS-TOO-SHORT"));

        var keyring = CredentialKeyring.TryParse(NewKeyB64(), $"{NewKeyB64()},{badEntry},{NewKeyB64()}", out var error);

        Assert.Null(keyring);
        Assert.NotNull(error);
        Assert.Contains(CredentialKeyring.PreviousKeysVariable, error);
        Assert.Contains("entry 2", error);
        Assert.DoesNotContain(badEntry, error);
        Assert.DoesNotContain("CANARY", error);
    }

    [Fact]
    public void TryParse_NonBase64PreviousKey_IsRefusedWithoutQuotingIt()
    {
        var keyring = CredentialKeyring.TryParse(CanaryKeyB64, "CANARY%%%previous", out var error);

        Assert.Null(keyring);
        Assert.Contains(CredentialKeyring.PreviousKeysVariable, error);
        Assert.DoesNotContain("CANARY", error);
        Assert.DoesNotContain(CanaryKeyB64, error);
    }

    [Fact]
    public void Fingerprint_OfAllZeroKey_MatchesKnownSha256()
    {
        // sha256 of 32 zero bytes = 66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925
        Assert.Equal("66687aad", CredentialKeyring.Fingerprint(new byte[32]));
    }

    [Fact]
    public void Fingerprint_IsFirst8HexCharsOfSha256OfTheKeyBytes()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var digest = SHA256.HashData(key);
        var expected = string.Concat(digest.Take(4).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));

        Assert.Equal(expected, CredentialKeyring.Fingerprint(key));
    }

    [Fact]
    public void CurrentFingerprint_IsTheFingerprintOfTheCurrentKeyNotOfItsText()
    {
        var keyring = CredentialKeyring.TryParse(CanaryKeyB64, null, out _)!;
        var expected = Convert.ToHexStringLower(SHA256.HashData(CanaryKey))[..8];

        Assert.Equal(expected, keyring.CurrentFingerprint);
        Assert.NotEqual(Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(CanaryKeyB64)))[..8], keyring.CurrentFingerprint);
    }

    [Theory]
    [InlineData(0x00, null)]        // all zeros
    [InlineData(0x41, null)]        // one repeated byte
    [InlineData(0x00, "previous")]  // a degenerate previous key is refused too
    public void TryParse_DegenerateKey_IsRefusedWithoutEchoingIt(byte fill, string? slot)
    {
        var degenerate = Convert.ToBase64String(Enumerable.Repeat(fill, 32).ToArray());
        var current = slot is null ? degenerate : Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        var keyring = CredentialKeyring.TryParse(current, slot is null ? null : degenerate, out var error);

        Assert.Null(keyring);
        Assert.Contains("is not a random key", error, StringComparison.Ordinal);
        Assert.DoesNotContain(degenerate, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_RandomKeys_AreNeverTakenForDegenerate()
    {
        for (var i = 0; i < 1000; i++)
        {
            Assert.NotNull(CredentialKeyring.TryParse(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), null, out _));
        }
    }
}
