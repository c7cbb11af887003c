using System.Net;
using System.Net.Sockets;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Host;

[Collection(LocalDirectusCollection.Name)]
public sealed class DoctorTests(LocalDirectus directus)
{
    private static Task<ProcessResult> DoctorAsync(Dictionary<string, string?> environment)
    {
        var (command, arguments) = ServerCommand.Get("doctor");
        return ProcessRunner.RunAsync(command, arguments, environment, timeout: TimeSpan.FromMinutes(2));
    }

    [Trait("Category", "AotSmoke")]
    [Fact]
    public async Task All_checks_pass_against_the_local_stack()
    {
        var result = await DoctorAsync(directus.ServerEnvironment());

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("[ok]   token", result.StandardOutput);
        Assert.Contains("admin@example.com", result.StandardOutput);
        Assert.Contains("[ok]   schema", result.StandardOutput);
        Assert.Contains("all checks passed", result.StandardOutput);
        Assert.DoesNotContain("[FAIL]", result.StandardOutput);
        Assert.Contains("legacy forms read (CREDENTIALS_ACCEPT_LEGACY=true)", result.StandardOutput);
    }

    [Fact]
    public async Task The_key_check_says_when_legacy_forms_are_refused()
    {
        var env = directus.ServerEnvironment();
        env["CREDENTIALS_ACCEPT_LEGACY"] = "false";

        var result = await DoctorAsync(env);

        Assert.Matches(@"\[ok\]\s+encryption key\s+AES-256 key [0-9a-f]{8}; legacy forms refused \(CREDENTIALS_ACCEPT_LEGACY=false\)", result.StandardOutput);
    }

    [Fact]
    public async Task A_wrong_token_fails_the_token_check_with_its_fix()
    {
        var env = directus.ServerEnvironment();
        env["DIRECTUS_TOKEN"] = "TOKENCANARY-not-a-real-token";

        var result = await DoctorAsync(env);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("[FAIL] token", result.StandardOutput);
        Assert.Contains("fix: Set DIRECTUS_TOKEN", result.StandardOutput);
        Assert.Contains("[skip] schema", result.StandardOutput);
        Assert.DoesNotContain("TOKENCANARY", result.StandardOutput + result.StandardError);
    }

    [Fact]
    public async Task A_stopped_directus_fails_the_reachability_check_with_its_fix()
    {
        var env = directus.ServerEnvironment();
        env["DIRECTUS_URL"] = $"http://127.0.0.1:{LoopbackPort.Free()}";

        var result = await DoctorAsync(env);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("[FAIL] directus reachable", result.StandardOutput);
        Assert.Contains("fix: Start Directus", result.StandardOutput);
        Assert.Contains("[skip] token", result.StandardOutput);
    }

    [Theory]
    [InlineData("KEYCANARYnotbase64!!")]
    [InlineData("S0VZQ0FOQVJZLXNob3J0LWtleQ==")] // valid base64 of 19 bytes
    public async Task A_bad_key_fails_the_key_check_without_showing_the_key(string badKey)
    {
        var env = directus.ServerEnvironment();
        env["CREDENTIALS_ENC_KEY_B64"] = badKey;

        var result = await DoctorAsync(env);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("[FAIL] encryption key", result.StandardOutput);
        Assert.Contains("openssl rand -base64 32", result.StandardOutput);
        Assert.DoesNotContain(badKey, result.StandardOutput + result.StandardError);
        Assert.DoesNotContain("KEYCANARY", result.StandardOutput + result.StandardError);
    }

}
