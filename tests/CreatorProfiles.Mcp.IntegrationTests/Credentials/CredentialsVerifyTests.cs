using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using CreatorProfiles.Mcp.IntegrationTests.Maintenance;

namespace CreatorProfiles.Mcp.IntegrationTests.Credentials;

/// <summary>get_credentials_status with verify=true on damaged stored values: each is detected with a clear message,
/// the call does not fail, and neither the plaintext nor the key appears anywhere.</summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class CredentialsVerifyTests(LocalDirectus directus)
{
    private const string Canary = "VERIFYCANARY-7f3a";

    public static TheoryData<string, string, string> Damages => new()
    {
        // damage, expected status words, words of the message
        { "tampered_byte", "false", "key" },
        { "wrong_key", "false", "key" },
        { "truncated", "false", "" },
        { "non_base64", "false", "base64" },
        { "intact", "true", "current key" },
    };

    [Trait("Category", "AotSmoke")]
    [Theory]
    [MemberData(nameof(Damages))]
    public async Task Verify_detects_each_damage_with_a_clear_message_and_leaks_nothing(string damage, string verified, string messageWord)
    {
        using var data = new MaintenanceTestData(directus);
        var serverKey = directus.EncryptionKey;
        var key = damage == "wrong_key" ? MaintenanceTestData.NewKey() : serverKey;
        var envelope = (string)MaintenanceTestData.Cipher(key).Encrypt(new Dictionary<string, string> { ["password"] = Canary })["enc"]!;
        var parts = envelope.Split(':');
        envelope = damage switch
        {
            "tampered_byte" => Tamper(parts),
            "truncated" => envelope[..(envelope.Length - 6)],
            "non_base64" => string.Join(':', parts[0], parts[1], parts[2], "%%%" + parts[3][3..]),
            _ => envelope,
        };
        var id = await data.CreateProfileAsync(new JsonObject { ["enc"] = envelope }, "verify");
        await using var session = await StdioSession.StartAsync(directus.ServerEnvironment(), "2025-11-25");

        var result = await session.Client.CallAsync("get_credentials_status", new { profile_id = id, verify = true });

        var status = result.Structured();
        Assert.Equal("v1", (string?)status["format"]);
        Assert.Equal(bool.Parse(verified), (bool)status["verified"]!);
        Assert.Contains(messageWord, (string)status["message"]!, StringComparison.OrdinalIgnoreCase);
        var everything = result.Text() + status.ToJsonString() + session.StandardError;
        Assert.DoesNotContain(Canary, everything);
        Assert.DoesNotContain(serverKey, everything);
        Assert.DoesNotContain(key, everything);
        Assert.DoesNotContain(parts[3][..12], everything); // no ciphertext either
    }

    private static string Tamper(string[] parts)
    {
        var ciphertext = Convert.FromBase64String(parts[3]);
        ciphertext[0] ^= 0x01;
        return string.Join(':', parts[0], parts[1], parts[2], Convert.ToBase64String(ciphertext));
    }
}
