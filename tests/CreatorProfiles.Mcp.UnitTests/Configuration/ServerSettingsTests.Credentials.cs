using System.Security.Cryptography;
using System.Text;
using CreatorProfiles.Mcp.Domain.Credentials;

namespace CreatorProfiles.Mcp.UnitTests.Configuration;

/// <summary>The credential keys (current and previous) and CREDENTIALS_DECRYPT_ROLES.</summary>
public partial class ServerSettingsTests
{
    // ---- keys ------------------------------------------------------------------------------------------------

    [Fact]
    public void Load_ValidKey_GivesAKeyring()
    {
        var key = RandomNumberGenerator.GetBytes(32);

        var settings = Load(("CREDENTIALS_ENC_KEY_B64", Convert.ToBase64String(key)));

        Assert.Empty(settings.Errors);
        Assert.NotNull(settings.Keyring);
        Assert.Equal(key, settings.Keyring.Current);
    }

    [Theory]
    [InlineData(Canary + "-not-base64!")]
    [InlineData("U0VDUkVUQ0FOQVJZ")] // base64 of "SECRETCANARY": 12 bytes
    public void Load_BadKey_IsOneErrorNamingTheVariableWithoutTheValue(string key)
    {
        var settings = Load(("CREDENTIALS_ENC_KEY_B64", key));

        var error = Assert.Single(settings.Errors);
        Assert.Contains("CREDENTIALS_ENC_KEY_B64", error);
        Assert.DoesNotContain(key, error);
        Assert.DoesNotContain(Canary, error);
        Assert.Null(settings.Keyring);
    }

    [Fact]
    public void Load_BadPreviousKey_IsOneErrorNamingThatVariable()
    {
        var bad = Convert.ToBase64String(Encoding.ASCII.GetBytes(Canary));

        var settings = Load(
            ("CREDENTIALS_ENC_KEY_B64", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
            ("CREDENTIALS_ENC_PREVIOUS_KEYS_B64", bad));

        var error = Assert.Single(settings.Errors);
        Assert.Contains("CREDENTIALS_ENC_PREVIOUS_KEYS_B64", error);
        Assert.DoesNotContain(bad, error);
        Assert.Null(settings.Keyring);
    }

    [Fact]
    public void Load_ValidCurrentAndPreviousKeys_AreAllLoaded()
    {
        var previous = RandomNumberGenerator.GetBytes(32);

        var settings = Load(
            ("CREDENTIALS_ENC_KEY_B64", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
            ("CREDENTIALS_ENC_PREVIOUS_KEYS_B64", Convert.ToBase64String(previous)));

        Assert.Empty(settings.Errors);
        Assert.Equal(previous, Assert.Single(settings.Keyring!.Previous));
    }

    [Fact]
    public void Load_KeyVariableNames_AreTheDocumentedOnes()
    {
        Assert.Equal("CREDENTIALS_ENC_KEY_B64", CredentialKeyring.CurrentKeyVariable);
        Assert.Equal("CREDENTIALS_ENC_PREVIOUS_KEYS_B64", CredentialKeyring.PreviousKeysVariable);
    }

    // ---- CREDENTIALS_DECRYPT_ROLES ---------------------------------------------------------------------------

    [Fact]
    public void Load_DecryptRoles_AreACommaList()
    {
        var settings = Load(("CREDENTIALS_DECRYPT_ROLES", " media-worker , Auditor "));

        Assert.Equal(["media-worker", "Auditor"], settings.DecryptRoles);
    }

    [Fact]
    public void Load_EmptyDecryptRoles_KeepsTheDefault()
    {
        Assert.Equal(["media-worker"], Load(("CREDENTIALS_DECRYPT_ROLES", " , ")).DecryptRoles);
    }

    [Theory]
    [InlineData(null, true)] // unset: legacy values are read, as before the switch existed
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    public void Load_AcceptLegacy_DefaultsToTrue(string? value, bool expected)
    {
        var settings = Load(("CREDENTIALS_ACCEPT_LEGACY", value));

        Assert.Empty(settings.Errors);
        Assert.Equal(expected, settings.AcceptLegacy);
    }

    [Fact]
    public void Load_AcceptLegacy_NotABoolean_IsAnErrorNamingTheVariable()
    {
        var error = Assert.Single(Load(("CREDENTIALS_ACCEPT_LEGACY", "sometimes")).Errors);

        Assert.Contains("CREDENTIALS_ACCEPT_LEGACY", error);
    }
}
