using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Maintenance;
using ModelContextProtocol.Client;

namespace CreatorProfiles.Mcp.IntegrationTests.Credentials;

/// <summary>The canary data: legacy-form profiles planted straight into Directus, seeded related ids, and canaries stored (and refused) through the tools.</summary>
public sealed partial class CanaryTests
{
    /// <summary>Four profiles whose credentials are canaries in legacy forms (created once, reset before each phase,
    /// since the sweeps overwrite them with set_profile_credentials): a plaintext object, a "user:password" string, a
    /// bare "v1:..." string, and an object with a number that no command can migrate.</summary>
    private async Task PlantLegacyAsync()
    {
        JsonNode[] values =
        [
            new JsonObject { ["login"] = "canary-login", ["password"] = NewCanary("legacy-obj") },
            JsonValue.Create($"canary-login:{NewCanary("legacy-pair")}"),
            MaintenanceTestData.LegacyEncrypted(MaintenanceTestData.Cipher(directus.EncryptionKey), new Dictionary<string, string> { ["password"] = NewCanary("legacy-enc") }),
            new JsonObject { ["password"] = NewCanary("legacy-bad"), ["pin"] = 1234 },
        ];
        for (var i = 0; i < values.Length; i++)
        {
            if (_legacy.Count <= i)
            {
                _legacy.Add(await _data.CreateProfileAsync(values[i], "canary"));
            }
            else
            {
                await _data.SetAsync(MaintenanceTestData.ProfilesCollection, _legacy[i], "credentials", values[i]);
            }
        }
    }

    /// <summary>Seeded ids for uuid arguments other than a profile's (job, HITL, session, media), by name prefix.</summary>
    private async Task FindRelatedIdsAsync()
    {
        foreach (var (prefix, collection) in new[] { ("job", "media_jobs"), ("hitl", "hitl_sessions"), ("session", "platform_sessions"), ("media", "scraped_media") })
        {
            if ((await directus.Rest.ItemsAsync(collection, fields: "id")).FirstOrDefault() is { } row)
            {
                _relatedIds[prefix] = (string)row["id"]!;
            }
        }
    }

    private async Task StoreCanariesAsync(McpClient client)
    {
        var created = await CallAsync(client, "store", "create_creator_profile", new JsonObject { ["platform"] = "onlyfans", ["username"] = Username(), ["credentials"] = CanaryCredentials() });
        _profiles.Add((string)created["structuredContent"]!["id"]!);
        var bare = await CallAsync(client, "store", "create_creator_profile", new JsonObject { ["platform"] = "fansly", ["username"] = Username() });
        _profiles.Add((string)bare["structuredContent"]!["id"]!);
        await CallAsync(client, "store", "set_profile_credentials", new JsonObject { ["profile_id"] = _profiles[1], ["credentials"] = CanaryCredentials() });
        await CallAsync(client, "store", "encrypt_credentials", new JsonObject { ["credentials"] = CanaryCredentials() });

        // Refused inputs that carry canaries: the refusals must not quote them.
        await CallAsync(client, "refused", "set_profile_credentials", new JsonObject { ["profile_id"] = _profiles[1], ["credentials"] = new JsonObject { ["password"] = NewCanary("too-long") + new string('x', 9000) } });
        await CallAsync(client, "refused", "set_profile_credentials", new JsonObject { ["profile_id"] = _profiles[1], ["credentials"] = new JsonObject { ["password"] = NewCanary("with-number"), ["pin"] = 1234 } });
        await CallAsync(client, "refused", "set_profile_credentials", new JsonObject { ["profile_id"] = "not-a-uuid", ["credentials"] = CanaryCredentials() });
        await CallAsync(client, "refused", "set_profile_credentials", new JsonObject { ["profile_id"] = _profiles[1], ["credentials"] = new JsonObject { ["bad name!"] = NewCanary("bad-name") } });
        await CallAsync(client, "refused", "create_creator_profile", new JsonObject { ["platform"] = "onlyfans", ["username"] = "bad username!", ["credentials"] = CanaryCredentials() });
        await CallAsync(client, "refused", "create_creator_profile", new JsonObject { ["platform"] = "myspace", ["username"] = Username(), ["credentials"] = CanaryCredentials() });
        await CallAsync(client, "refused", "encrypt_credentials", new JsonObject { ["credentials"] = new JsonObject { ["password"] = null, ["totp"] = NewCanary("beside-null") } });
        await CallAsync(client, "refused", "encrypt_credentials", new JsonObject { ["credentials"] = JsonValue.Create(NewCanary("not-an-object")) });
        Assert.Equal(2, _profiles.Count);
    }

    private static string Username() => $"canary_{Guid.NewGuid():N}"[..24];
}
