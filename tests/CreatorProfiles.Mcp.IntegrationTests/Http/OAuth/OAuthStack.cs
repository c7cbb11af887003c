using System.Net.Http.Headers;
using System.Text;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CreatorProfiles.Mcp.IntegrationTests.Http.OAuth;

/// <summary>
/// One test's OAuth setup: the test OpenID provider and the server in <c>--auth oauth</c> on a port chosen first, so
/// PUBLIC_URL (and so the resource, http://127.0.0.1:PORT/mcp) is known to both. The provider also issues tokens for
/// <see cref="OtherResource"/>, another resource server, to prove those are refused here.
/// </summary>
internal sealed class OAuthStack : IAsyncDisposable
{
    public const string OtherResource = "https://other.example/mcp";

    private OAuthStack(OidcProvider provider, HttpServerProcess server, string resource)
    {
        Provider = provider;
        Server = server;
        Resource = resource;
    }

    public OidcProvider Provider { get; }

    public HttpServerProcess Server { get; }

    /// <summary>The canonical resource, PUBLIC_URL/mcp.</summary>
    public string Resource { get; }

    public static Task<OAuthStack> StartAsync(LocalDirectus directus, params string[] serverArguments) =>
        StartAsync(directus, new Dictionary<string, string>(), serverArguments);

    /// <summary>The stack with <paramref name="settings"/> added to the server's environment.</summary>
    public static async Task<OAuthStack> StartAsync(LocalDirectus directus, IReadOnlyDictionary<string, string> settings, params string[] serverArguments)
    {
        var port = LoopbackPort.Free();
        var publicUrl = $"http://127.0.0.1:{port}";
        var provider = await OidcProvider.StartAsync(publicUrl + "/mcp", OtherResource);
        var environment = directus.ServerEnvironment();
        environment["PUBLIC_URL"] = publicUrl;
        environment["OAUTH_AUTHORITY"] = provider.Issuer;
        environment["RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE"] = "0"; // the refusal table is not about the address limit
        foreach (var (name, value) in settings)
        {
            environment[name] = value;
        }

        try
        {
            var server = await HttpServerProcess.StartAsync(environment, ["--auth", "oauth", "--urls", publicUrl, .. serverArguments]);
            return new OAuthStack(provider, server, publicUrl + "/mcp");
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
    }

    /// <summary>A person's token through dynamic registration and authorization code + PKCE.</summary>
    public async Task<OidcProvider.Tokens> SignInAsync(string account, string scope, string? resource = null) =>
        await Provider.SignInAsync(await Provider.RegisterClientAsync(), account, scope, resource ?? Resource);

    /// <summary>A token signed here: by the provider's own key unless <paramref name="key"/> says otherwise, with the
    /// claims of a real one (issuer, this resource, alice, every user scope, valid now) changed by <paramref name="change"/>.</summary>
    public string Sign(Action<SecurityTokenDescriptor> change, SecurityKey? key = null)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Provider.Issuer,
            Audience = Resource,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            TokenType = "at+jwt",
            Claims = new Dictionary<string, object> { ["sub"] = "alice", ["client_id"] = "test", ["scope"] = "profiles:read profiles:write scrapes:trigger credentials:write" },
            SigningCredentials = new SigningCredentials(key ?? Provider.SigningKey, SecurityAlgorithms.RsaSha256),
        };
        change(descriptor);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>A token with <c>alg: none</c> and no signature, otherwise a valid one's claims.</summary>
    public string Unsigned()
    {
        static string Part(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return Part("""{"alg":"none","typ":"at+jwt"}""") + "." + Part(
            $$"""{"iss":"{{Provider.Issuer}}","aud":"{{Resource}}","sub":"alice","scope":"profiles:read","iat":{{now}},"nbf":{{now}},"exp":{{now + 300}}}""") + ".";
    }

    /// <summary>A raw JSON-RPC POST to /mcp with <paramref name="token"/> (null: no Authorization header).</summary>
    public async Task<HttpResponseMessage> PostAsync(string? token, string jsonRpc)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, Server.McpEndpoint)
        {
            Content = new StringContent(jsonRpc, Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Provider.DisposeAsync();
    }
}
