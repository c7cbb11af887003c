using System.Text.Json;
using CreatorProfiles.Mcp.Domain.Credentials;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Credentials;

public class CredentialsFormatsTests
{
    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    [Fact]
    public void Classify_NoValue_IsNone()
    {
        Assert.Equal(CredentialsFormat.None, CredentialsFormatClassifier.Classify(null));
    }

    [Fact]
    public void Classify_UndefinedElement_IsNone()
    {
        Assert.Equal(CredentialsFormat.None, CredentialsFormatClassifier.Classify(default(JsonElement)));
    }

    [Theory]
    [InlineData("null", CredentialsFormat.None)]
    [InlineData("\"\"", CredentialsFormat.None)]
    [InlineData("{}", CredentialsFormat.None)]
    [InlineData("{\"enc\":\"v1:aXY=:dGFn:Y3Q=\"}", CredentialsFormat.V1)]
    [InlineData("{\"enc\":\"v1:aXY=:dGFn:Y3Q=\",\"note\":\"x\"}", CredentialsFormat.V1)]
    [InlineData("\"v1:abc\"", CredentialsFormat.LegacyEncrypted)]
    [InlineData("\"v1:aXY=:dGFn:Y3Q=\"", CredentialsFormat.LegacyEncrypted)]
    [InlineData("\"plain\"", CredentialsFormat.LegacyPlaintext)]
    [InlineData("\"v2:abc\"", CredentialsFormat.LegacyPlaintext)]
    [InlineData("\" v1:abc\"", CredentialsFormat.LegacyPlaintext)]
    [InlineData("{\"username\":\"x\"}", CredentialsFormat.LegacyPlaintext)]
    [InlineData("{\"username\":\"x\",\"password\":\"y\"}", CredentialsFormat.LegacyPlaintext)]
    [InlineData("[]", CredentialsFormat.LegacyPlaintext)]
    [InlineData("[\"v1:abc\"]", CredentialsFormat.LegacyPlaintext)]
    [InlineData("[{\"enc\":\"v1:abc\"}]", CredentialsFormat.LegacyPlaintext)]
    [InlineData("42", CredentialsFormat.LegacyPlaintext)]
    [InlineData("true", CredentialsFormat.LegacyPlaintext)]
    public void Classify_StoredJson_GivesTheDesignedFormat(string stored, CredentialsFormat expected)
    {
        Assert.Equal(expected, CredentialsFormatClassifier.Classify(Json(stored)));
    }

    [Theory]
    [InlineData(CredentialsFormat.None, "none")]
    [InlineData(CredentialsFormat.V1, "v1")]
    [InlineData(CredentialsFormat.LegacyEncrypted, "legacy_encrypted")]
    [InlineData(CredentialsFormat.LegacyPlaintext, "legacy_plaintext")]
    public void ToName_IsTheContractName(CredentialsFormat format, string name)
    {
        Assert.Equal(name, format.ToName());
    }

    [Fact]
    public void AllNames_AreExactlyTheNamesOfEveryFormat()
    {
        var names = Enum.GetValues<CredentialsFormat>().Select(f => f.ToName()).ToList();

        Assert.Equal(["none", "v1", "legacy_encrypted", "legacy_plaintext"], CredentialsFormatClassifier.AllNames);
        Assert.Equal(CredentialsFormatClassifier.AllNames.Order(), names.Order());
    }
}
