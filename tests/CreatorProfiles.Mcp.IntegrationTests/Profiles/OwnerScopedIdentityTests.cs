using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using ModelContextProtocol.Protocol;

namespace CreatorProfiles.Mcp.IntegrationTests.Profiles;

/// <summary>
/// The identity key is owner-scoped: a create depends only on the caller's own profiles, so bob can register a handle
/// alice holds (as his own profile) without learning that she holds it, and concurrent creates still give each owner
/// exactly one row. Every test deletes the rows it made.
/// </summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class OwnerScopedIdentityTests(LocalDirectus directus)
{
    private Task<StdioSession> SessionAsync(string user) =>
        StdioSession.StartAsync(directus.ServerEnvironment(directus.Stack[$"{user.ToUpperInvariant()}_TOKEN"]), "2025-11-25");

    private string UserId(string user) => directus.Stack[$"{user.ToUpperInvariant()}_USER_ID"];

    [Trait("Category", "Fast")]
    [Fact]
    public async Task Bob_creating_alices_handle_gets_his_own_profile_and_the_same_answer_as_for_a_new_handle()
    {
        var alicesProfile = await directus.Rest.ProfileIdAsync("alice_sunrise");
        var fresh = "fresh_" + Guid.NewGuid().ToString("N")[..10];
        await using var bob = await SessionAsync("bob");
        var created = new List<string>();
        try
        {
            var taken = await bob.Client.CallAsync("create_creator_profile", new { platform = "onlyfans", username = "ALICE_SUNRISE" });
            var untaken = await bob.Client.CallAsync("create_creator_profile", new { platform = "onlyfans", username = fresh });
            Assert.NotEqual(true, taken.IsError);
            Assert.NotEqual(true, untaken.IsError);
            created.Add((string)taken.Structured()["id"]!);
            created.Add((string)untaken.Structured()["id"]!);

            // The same answer, field for field, whatever alice holds: nothing in it tells.
            Assert.Equal(Shape(untaken, created[1], fresh), Shape(taken, created[0], "ALICE_SUNRISE"));
            Assert.DoesNotContain(alicesProfile, taken.Text());
            Assert.DoesNotContain(UserId("alice"), taken.Text());

            var row = (await directus.Rest.ItemsAsync("creator_profiles", DirectusRest.Filter(new { id = new { _eq = created[0] } }), "user_id,identity_key")).Single()!;
            Assert.Equal(UserId("bob"), (string?)row["user_id"]);
            Assert.Equal($"{UserId("bob")}:onlyfans:alice_sunrise".ToLowerInvariant(), (string?)row["identity_key"]);

            // His own duplicate is still refused, naming his own profile, never hers.
            var again = await bob.Client.CallAsync("create_creator_profile", new { platform = "onlyfans", username = "alice_sunrise" });
            Assert.True(again.IsError);
            Assert.Contains($"already exists: id {created[0]}", again.Text());
            Assert.DoesNotContain(alicesProfile, again.Text());
        }
        finally
        {
            await directus.Rest.DeleteAsync("creator_profiles", [.. created]);
        }
    }

    [Fact]
    public async Task Alice_and_bob_creating_one_new_handle_concurrently_get_one_row_each_and_their_own_duplicates()
    {
        var username = "race2_" + Guid.NewGuid().ToString("N")[..10];
        await using var alice = await SessionAsync("alice");
        await using var bob = await SessionAsync("bob");
        var sessions = new Dictionary<string, StdioSession> { ["alice"] = alice, ["bob"] = bob };

        var calls = Enumerable.Range(0, 10)
            .Select(i => (User: i % 2 == 0 ? "alice" : "bob", Call: sessions[i % 2 == 0 ? "alice" : "bob"].Client.CallAsync("create_creator_profile", new { platform = "fansly", username })))
            .ToList();
        await Task.WhenAll(calls.Select(c => c.Call));
        var rows = await directus.Rest.ItemsAsync("creator_profiles", DirectusRest.Filter(new { username = new { _eq = username } }), "id,user_id");
        try
        {
            Assert.Equal(2, rows.Count);
            foreach (var user in sessions.Keys)
            {
                var id = (string)rows.Single(r => (string?)r!["user_id"] == UserId(user))!["id"]!;
                var results = calls.Where(c => c.User == user).Select(c => c.Call.Result).ToList();
                Assert.Equal(id, (string?)results.Single(r => r.IsError != true).Structured()["id"]);
                Assert.All(results.Where(r => r.IsError == true), r => Assert.Contains($"already exists: id {id}", r.Text()));
                Assert.Equal(4, results.Count(r => r.IsError == true));
            }
        }
        finally
        {
            await directus.Rest.DeleteAsync("creator_profiles", [.. rows.Select(r => (string)r!["id"]!)]);
        }
    }

    /// <summary>The result with its own id, username, timestamps and per-reply fence blanked: what is left must not
    /// depend on others.</summary>
    private static string Shape(CallToolResult result, string id, string username)
    {
        var structured = result.Structured().DeepClone().AsObject();
        foreach (var stamp in new[] { "created_at", "updated_at" })
        {
            structured.Remove(stamp);
        }

        structured["untrusted_content"]!["fence"] = "FENCE";

        return structured.ToJsonString().Replace(id, "ID", StringComparison.Ordinal).Replace(username, "NAME", StringComparison.Ordinal);
    }
}
