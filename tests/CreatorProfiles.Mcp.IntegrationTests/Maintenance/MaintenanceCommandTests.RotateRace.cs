using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using static CreatorProfiles.Mcp.IntegrationTests.Maintenance.MaintenanceTestData;

namespace CreatorProfiles.Mcp.IntegrationTests.Maintenance;

/// <summary>`credentials rotate` racing another writer, staged by a proxy between the command and Directus that writes
/// straight to Directus between two of the command's requests: a newer value always survives the restore step.</summary>
public sealed partial class MaintenanceCommandTests
{
    [Fact]
    public async Task A_value_another_writer_stores_during_a_rotation_survives_the_restore_step()
    {
        var oldKey = NewKey();
        var old = Cipher(oldKey);
        static Dictionary<string, string> Secret(string what) => new() { ["password"] = $"MTCANARY-race-{what}" };
        var newerAfterWrite = StackCipher.Encrypt(Secret("newer-after-write"));
        var newerAfterReadBack = StackCipher.Encrypt(Secret("newer-after-read-back"));
        var enc = (string)StackCipher.Encrypt(Secret("broken"))["enc"]!;
        var broken = new JsonObject { ["enc"] = enc[..^4] + (enc[^4] == 'A' ? 'B' : 'A') + enc[^3..] }; // opens with no key
        // raced: someone sets new credentials right after the run's write. damagedThenRaced: the write arrives damaged,
        // and someone sets new credentials after the run read that back, before it restores. damaged: the write arrives
        // damaged and nobody else writes: the original goes back, as before.
        var raced = await _data.CreateProfileAsync(old.Encrypt(Secret("raced")));
        var damagedThenRaced = await _data.CreateProfileAsync(old.Encrypt(Secret("damaged-then-raced")));
        var damaged = await _data.CreateProfileAsync(old.Encrypt(Secret("damaged")));
        var originalOfDamaged = (await _data.ColumnAsync(ProfilesCollection, "credentials"))[damaged]!.Value.GetRawText();
        var written = new HashSet<string>();
        var readBack = new HashSet<string>();

        async Task<bool> AnotherWriter(HttpContext context, HttpResponseMessage answer)
        {
            var id = context.Request.Path.Value!.Split('/')[^1];
            if (!context.Request.Path.StartsWithSegments("/items/" + ProfilesCollection) || !answer.IsSuccessStatusCode)
            {
                return true;
            }

            if (HttpMethods.IsPatch(context.Request.Method) && written.Add(id)) // the run's write (a restore is the second PATCH)
            {
                var value = id == raced ? newerAfterWrite : id == damagedThenRaced || id == damaged ? broken : null;
                if (value is not null)
                {
                    await _data.SetAsync(ProfilesCollection, id, "credentials", value.DeepClone());
                }
            }
            else if (HttpMethods.IsGet(context.Request.Method) && id == damagedThenRaced && written.Contains(id) && readBack.Add(id))
            {
                // The run's read-back has its answer (the damaged value); the newer value lands before its next request.
                await _data.SetAsync(ProfilesCollection, id, "credentials", newerAfterReadBack.DeepClone());
            }

            return true;
        }

        try
        {
            var rotate = await _data.RunThroughAsync(["rotate"], AnotherWriter, previousKeys: oldKey);
            Show("rotate racing another writer", rotate);

            var after = await _data.ColumnAsync(ProfilesCollection, "credentials");
            Assert.True(JsonNode.DeepEquals(newerAfterWrite, JsonNode.Parse(after[raced]!.Value.GetRawText())), "the value stored after the write was replaced");
            Assert.True(JsonNode.DeepEquals(newerAfterReadBack, JsonNode.Parse(after[damagedThenRaced]!.Value.GetRawText())), "the value stored before the restore was replaced");
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(originalOfDamaged), JsonNode.Parse(after[damaged]!.Value.GetRawText())), "the damaged write was not restored");
            Assert.Equal(1, rotate.ExitCode);
            var changed = rotate.StandardOutput[rotate.StandardOutput.IndexOf("changed by another writer during the run (", StringComparison.Ordinal)..];
            Assert.Contains(raced, changed);
            Assert.Contains(damagedThenRaced, changed);
            Assert.Contains($"{damaged}: the value read back did not verify", rotate.StandardOutput);
            Assert.Contains("the original value was written back", rotate.StandardOutput);
            AssertNoValueIn(rotate);
        }
        finally
        {
            foreach (var id in new[] { raced, damagedThenRaced, damaged })
            {
                await _data.DeleteAsync(ProfilesCollection, id);
            }
        }
    }
}
