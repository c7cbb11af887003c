using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Domain.Credentials;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Credentials;

/// <summary>CREDENTIALS_ACCEPT_LEGACY=false: every legacy form is refused as legacy_refused, before it is opened;
/// envelopes and empty values read as before.</summary>
public partial class CredentialsCipherTests
{
    public static TheoryData<string> LegacyForms => new()
    {
        "bare v1 string",
        "plaintext object",
        "plaintext string",
        "envelope JSON text in a string",
    };

    private static JsonElement LegacyForm(string form, CredentialsCipher cipher) => form switch
    {
        "bare v1 string" => Element(JsonValue.Create(EncOf(cipher.Encrypt(CanaryCredentials)))),
        "plaintext object" => Json("""{"username":"alice","password":"CANARY-x"}"""),
        "plaintext string" => Element(JsonValue.Create("alice:CANARY-pw")),
        _ => Element(JsonValue.Create(cipher.Encrypt(CanaryCredentials).ToJsonString())),
    };

    [Theory]
    [MemberData(nameof(LegacyForms))]
    public void Decrypt_WithLegacyRefused_RefusesEveryLegacyFormSayingHowToFixIt(string form)
    {
        var key = NewKey();
        var refusing = new CredentialsCipher(Keyring(key), acceptLegacy: false);
        var stored = LegacyForm(form, Cipher(key));

        var error = Assert.Throws<UnreadableCredentialsException>(() => refusing.Decrypt(stored));
        var check = refusing.Verify(stored);

        Assert.Equal(CredentialsCheckOutcome.LegacyRefused, error.Status);
        Assert.Equal("legacy_refused", error.Status.ToCode());
        Assert.Contains("credentials migrate-legacy", error.Message);
        Assert.Contains("CREDENTIALS_ACCEPT_LEGACY=true", error.Message);
        Assert.Equal((CredentialsCheckOutcome.LegacyRefused, false), (check.Status, check.IsReadable));
        Assert.Empty(check.FieldNames);
        AssertNoSecrets(error.Message + check.Message, stored.GetRawText());
        Assert.True(Cipher(key).Verify(stored).IsReadable); // the same value, accepted by default
    }

    [Fact]
    public void Decrypt_WithLegacyRefused_StillOpensEnvelopesAndEmptyValues()
    {
        var key = NewKey();
        var refusing = new CredentialsCipher(Keyring(key), acceptLegacy: false);

        Assert.Equal(CanaryCredentials, refusing.Decrypt(Element(refusing.Encrypt(CanaryCredentials))).Credentials);
        Assert.Equal(CredentialsFormat.None, refusing.Decrypt(Element(JsonValue.Create(""))).Format);
        Assert.Equal(CredentialsCheckOutcome.NoCredentials, refusing.Verify(null).Status);
        Assert.False(refusing.AcceptsLegacy);
    }
}
