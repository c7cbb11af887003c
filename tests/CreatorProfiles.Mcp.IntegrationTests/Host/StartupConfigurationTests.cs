using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Host;

/// <summary>A bad environment stops the server at start with one clear line per problem: no stack trace, no secret.</summary>
public sealed class StartupConfigurationTests
{
    private static async Task<ProcessResult> StartAsync(Dictionary<string, string?> environment)
    {
        var (command, arguments) = ServerCommand.Get();
        return await ProcessRunner.RunAsync(command, arguments, environment, standardInput: "", timeout: TimeSpan.FromMinutes(1));
    }

    [Trait("Category", "AotSmoke")]
    [Theory]
    [InlineData("DIRECTUS_URL", "not a url", "DIRECTUS_URL is not an http(s) URL")]
    [InlineData("DIRECTUS_URL", "ftp://127.0.0.1", "DIRECTUS_URL is not an http(s) URL")]
    [InlineData("CREDENTIALS_ENC_KEY_B64", "KEYCANARY%%%", "CREDENTIALS_ENC_KEY_B64 is not valid standard base64")]
    [InlineData("CREDENTIALS_ENC_KEY_B64", "S0VZQ0FOQVJZ", "CREDENTIALS_ENC_KEY_B64 decodes to 9 bytes")]
    [InlineData("CREDENTIALS_ENC_KEY_B64", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "CREDENTIALS_ENC_KEY_B64 is not a random key")]
    [InlineData("CREDENTIALS_ENC_KEY_B64", "S0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0U=", "CREDENTIALS_ENC_KEY_B64 is not a random key")]
    public async Task A_malformed_variable_stops_the_server_with_one_clear_line(string variable, string value, string expected)
    {
        var env = new Dictionary<string, string?> { ["DIRECTUS_URL"] = "http://127.0.0.1:8055", ["DIRECTUS_TOKEN"] = "t", [variable] = value };

        var result = await StartAsync(env);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.StandardOutput);
        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines, l => l.Contains(expected));
        Assert.DoesNotContain("   at ", result.StandardError);
        Assert.DoesNotContain("Exception", result.StandardError);
        if (variable.StartsWith("CREDENTIALS"))
        {
            Assert.DoesNotContain(value, result.StandardError);
        }
    }

    [Trait("Category", "AotSmoke")]
    [Fact]
    public async Task A_missing_token_stops_the_server_and_says_where_to_get_one()
    {
        var result = await StartAsync(new Dictionary<string, string?> { ["DIRECTUS_TOKEN"] = null });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("DIRECTUS_TOKEN is not set", result.StandardError);
        Assert.Contains("stack.sh env", result.StandardError);
    }
}
