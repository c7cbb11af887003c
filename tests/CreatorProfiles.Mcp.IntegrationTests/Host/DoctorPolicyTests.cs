using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Host;

/// <summary>doctor's policy check on a Directus of its own: a non-admin policy that can read the stored credentials
/// fails it, named, with the fix; the demo stack's own policies pass (see DoctorTests for the full pass).</summary>
[Collection(PolicyDirectusCollection.Name)]
public sealed class DoctorPolicyTests(PolicyDirectus directus)
{
    [Fact]
    public async Task A_non_admin_policy_that_can_read_credentials_fails_doctor_naming_it_and_the_fix()
    {
        var before = await DoctorAsync();
        Assert.Contains("[ok]   policies", before.StandardOutput);
        Assert.Equal(0, before.ExitCode);

        using var http = new HttpClient { BaseAddress = new Uri(directus.Url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", directus.AdminToken);
        var policy = await PostAsync(http, "policies", new JsonObject
        {
            ["name"] = "leaky-readers", ["admin_access"] = false, ["app_access"] = false,
            ["permissions"] = new JsonArray(new JsonObject { ["collection"] = "creator_profiles", ["action"] = "read", ["fields"] = new JsonArray("*") }),
        });
        await PostAsync(http, "roles", new JsonObject { ["name"] = "leaky-role", ["policies"] = new JsonArray(new JsonObject { ["policy"] = (string)policy["id"]! }) });

        var result = await DoctorAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("[FAIL] policies", result.StandardOutput);
        Assert.Contains($"policy \"leaky-readers\" ({(string)policy["id"]!}, attached to role leaky-role) can read creator_profiles.credentials", result.StandardOutput);
        Assert.Contains("fix: Caller roles need no Directus permission on the five collections", result.StandardOutput);
        Assert.DoesNotContain("media-worker", result.StandardOutput.Split("[FAIL] policies")[1].Split('\n')[0]); // exempt: a decrypt role
    }

    private Task<ProcessResult> DoctorAsync()
    {
        var (command, arguments) = ServerCommand.Get("doctor");
        return ProcessRunner.RunAsync(command, arguments, directus.ServerEnvironment(), timeout: TimeSpan.FromMinutes(2));
    }

    private static async Task<JsonObject> PostAsync(HttpClient http, string path, JsonObject body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /{path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!["data"]!.AsObject();
    }
}
