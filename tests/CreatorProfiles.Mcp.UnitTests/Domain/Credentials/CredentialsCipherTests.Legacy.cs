using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Domain.Credentials;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Credentials;

/// <summary>Values stored before the v1 envelope (unwrapped v1 strings, plaintext objects and strings) and empty values.</summary>
public partial class CredentialsCipherTests
{
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
}
