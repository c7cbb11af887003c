using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using CreatorProfiles.Mcp.IntegrationTests.Scrapes;

namespace CreatorProfiles.Mcp.IntegrationTests.Untrusted;

public sealed partial class PlantedPayloadTests
{
    private sealed record Planted(string ProfileId, string JobId);

    private static readonly string[] ChildCollections = ["scraped_media", "hitl_sessions", "media_jobs", "platform_sessions"];

    /// <summary>
    /// A profile of its own with a failed job, a pending HITL request and one media row, every text harmless except the
    /// planted column, written as admin through Directus REST (the server's validation never sees it). The profile is
    /// never scraped, on fansly and named so that it sorts before every seeded one, so it heads get_profile_stats'
    /// overdue list; its status is error, so the triage prompt's calls list it.
    /// </summary>
    private async Task<Planted> PlantAsync(string field)
    {
        var (collection, column) = (field[..field.IndexOf('.', StringComparison.Ordinal)], field[(field.IndexOf('.', StringComparison.Ordinal) + 1)..]);
        JsonObject With(string rowCollection, JsonObject row)
        {
            if (rowCollection == collection)
            {
                // Credentials: a legacy plaintext object whose one field is named by the payload.
                row[column] = column == "credentials" ? new JsonObject { [Payload] = "x" } : Payload;
            }

            return row;
        }

        var profileId = await _data.CreateProfileAsync(platform: "fansly", cookies: ScrapeTestData.Cookies.None, status: "error");
        await _data.PatchAsync("creator_profiles", profileId, With("creator_profiles", new JsonObject
        {
            ["username"] = "0planted_" + Guid.NewGuid().ToString("N")[..8],
            ["last_error"] = "plain",
        }));
        var now = DateTimeOffset.UtcNow.UtcDateTime.ToString("O");
        var job = await _data.CreateAsync("media_jobs", With("media_jobs", new JsonObject
        {
            ["profile_id"] = profileId, ["type"] = "scrape_profile", ["status"] = "failed", ["error"] = "plain", ["finished_at"] = now,
        }));
        await _data.CreateAsync("hitl_sessions", With("hitl_sessions", new JsonObject
        {
            ["profile_id"] = profileId, ["platform"] = "fansly", ["status"] = "pending", ["active_key"] = profileId, ["reason"] = "plain",
        }));
        await _data.CreateAsync("scraped_media", With("scraped_media", new JsonObject
        {
            ["profile_id"] = profileId, ["job_id"] = job["id"]!.DeepClone(), ["media_type"] = "image",
            ["url"] = "https://cdn.example.com/plain.jpg", ["caption"] = "plain", ["posted_at"] = now,
        }));
        return new Planted(profileId, (string)job["id"]!);
    }

    private async Task RemoveAsync(Planted planted)
    {
        foreach (var collection in ChildCollections)
        {
            var rows = await _data.RowsOfProfileAsync(collection, planted.ProfileId);
            await directus.Rest.DeleteAsync(collection, rows.Select(r => (string)r["id"]!).ToArray());
        }

        await directus.Rest.DeleteAsync("creator_profiles", planted.ProfileId);
    }
}
