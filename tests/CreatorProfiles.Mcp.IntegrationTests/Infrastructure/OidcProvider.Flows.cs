using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

/// <summary>Getting tokens from the provider the way clients do, over its HTTP endpoints: dynamic client
/// registration, authorization code + PKCE with a resource indicator (the login and consent pages driven with plain
/// HTTP), refresh, and the worker's client credentials.</summary>
public sealed partial class OidcProvider
{
    public const string RedirectUri = "http://127.0.0.1/callback";

    /// <summary>What the token endpoint answered.</summary>
    public sealed record Tokens(string AccessToken, string? RefreshToken, string? Scope);

    /// <summary>Registers a public client (RFC 7591), as an MCP client does on first contact; returns its client_id.</summary>
    public async Task<string> RegisterClientAsync()
    {
        var registration = new JsonObject
        {
            ["client_name"] = "creatorprofiles integration tests",
            ["application_type"] = "native",
            ["redirect_uris"] = new JsonArray(RedirectUri),
            ["grant_types"] = new JsonArray("authorization_code", "refresh_token"),
            ["response_types"] = new JsonArray("code"),
            ["token_endpoint_auth_method"] = "none",
        };
        using var response = await _http.PostAsync(Issuer + "/reg", new StringContent(registration.ToJsonString(), Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.Created
            ? JsonNode.Parse(body)!["client_id"]!.GetValue<string>()
            : throw new InvalidOperationException($"registration answered {(int)response.StatusCode}: {body}");
    }

    /// <summary>Authorization code + PKCE for <paramref name="account"/> (alice, bob, carol), asking for
    /// <paramref name="scope"/> on <paramref name="resource"/>; the dev login page takes any password.</summary>
    public async Task<Tokens> SignInAsync(string clientId, string account, string scope, string resource)
    {
        var challenge = Pkce(out var verifier);
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() });
        var location = Issuer + "/auth?" + Form(("client_id", clientId), ("response_type", "code"), ("redirect_uri", RedirectUri),
            ("scope", "openid " + scope), ("state", "s1"), ("code_challenge", challenge), ("code_challenge_method", "S256"), ("resource", resource));
        for (var step = 0; step < 12; step++)
        {
            if (location.StartsWith(RedirectUri, StringComparison.Ordinal))
            {
                var query = System.Web.HttpUtility.ParseQueryString(new Uri(location).Query);
                var code = query["code"] ?? throw new InvalidOperationException("the provider refused: " + location);
                return await TokenAsync(("grant_type", "authorization_code"), ("code", code), ("redirect_uri", RedirectUri),
                    ("client_id", clientId), ("code_verifier", verifier), ("resource", resource));
            }

            using var page = await browser.GetAsync(location);
            var html = await page.Content.ReadAsStringAsync();
            if (page.Headers.Location is { } next)
            {
                location = new Uri(new Uri(Issuer), next).ToString();
                continue;
            }

            // A login or consent form: submit it as the person would.
            var prompt = PromptField().Match(html) is { Success: true } match ? match.Groups[1].Value
                : throw new InvalidOperationException($"unexpected page at {location} ({(int)page.StatusCode}): {html}");
            (string, string)[] fields = prompt == "login" ? [("prompt", "login"), ("login", account), ("password", "any")] : [("prompt", "consent")];
            using var submitted = await browser.PostAsync(location, new StringContent(Form(fields), Encoding.UTF8, "application/x-www-form-urlencoded"));
            location = new Uri(new Uri(Issuer), submitted.Headers.Location ?? throw new InvalidOperationException("the form did not redirect")).ToString();
        }

        throw new InvalidOperationException("the authorization flow did not end at the redirect URI");
    }

    public Task<Tokens> RefreshAsync(string clientId, string refreshToken, string resource) =>
        TokenAsync(("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("client_id", clientId), ("resource", resource));

    /// <summary>The media worker's own token (client_credentials, client_secret_basic).</summary>
    public Task<Tokens> WorkerTokenAsync(string scope, string resource) =>
        TokenAsync([("grant_type", "client_credentials"), ("scope", scope), ("resource", resource)], (WorkerClientId, WorkerSecret));

    private Task<Tokens> TokenAsync(params (string Name, string Value)[] fields) => TokenAsync(fields, null);

    private async Task<Tokens> TokenAsync((string Name, string Value)[] fields, (string Id, string Secret)? client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Issuer + "/token")
        {
            Content = new StringContent(Form(fields), Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        if (client is { } basic)
        {
            request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basic.Id + ":" + basic.Secret)));
        }

        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"the token endpoint answered {(int)response.StatusCode}: {body}");
        }

        var json = JsonNode.Parse(body)!;
        return new Tokens(json["access_token"]!.GetValue<string>(), json["refresh_token"]?.GetValue<string>(), json["scope"]?.GetValue<string>());
    }

    [GeneratedRegex("name=\"prompt\" value=\"(login|consent)\"")]
    private static partial Regex PromptField();
}
