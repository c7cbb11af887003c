using System.Net;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Http;

public sealed partial class FrontDoorTests
{
    /// <summary>The audit line's client address is the forwarded one only when the request came from a trusted proxy;
    /// from anyone else X-Forwarded-For is a claim, and the line names the connection's own address.</summary>
    [Theory]
    [InlineData("127.0.0.1/32", "203.0.113.7")]
    [InlineData("10.0.0.1", "127.0.0.1")]
    public async Task The_audit_line_names_the_forwarded_client_only_behind_a_trusted_proxy(string trustedProxies, string expectedClient)
    {
        using var audit = new AuditFile();
        var environment = directus.ServerEnvironment();
        environment["AUDIT_LOG"] = audit.Path;
        await using var server = await HttpServerProcess.StartAsync(environment, "--behind-proxy", "--trusted-proxies", trustedProxies);

        using var request = Post(new Uri(server.BaseUri, "/api/credentials/encrypt"), """{"credentials":{"password":"x"}}""", directus.Stack["ALICE_TOKEN"], json: false);
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var answer = await SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);

        var line = Assert.Single(await audit.WaitForAsync(l => (string?)l["action"] == "api:credentials/encrypt"));
        Assert.Equal(expectedClient, (string?)line["client"]);
    }
}
