using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using ModelContextProtocol.Client;

namespace CreatorProfiles.Mcp.IntegrationTests.Credentials;

/// <summary>One response of the entry page, read whole.</summary>
internal sealed record EntryResponse(HttpStatusCode Status, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders, string Body)
{
    public string Header(string name) =>
        Headers.TryGetValues(name, out var values) ? string.Join(", ", values)
        : ContentHeaders.TryGetValues(name, out var content) ? string.Join(", ", content) : "";

    /// <summary>The CSRF token of the form's hidden field.</summary>
    public string CsrfToken => CredentialsEntryClient.HiddenCsrf().Match(Body) is { Success: true } m ? m.Groups[1].Value
        : throw new InvalidOperationException("no csrf_token field in the page:\n" + Body);
}

/// <summary>
/// A browser-like HTTP client for the credentials entry page (cookies kept, no redirects followed) that records
/// every body it received, so a test can prove no submitted value ever came back.
/// </summary>
internal sealed partial class CredentialsEntryClient : IDisposable
{
    public const string CookieName = "cp_entry_csrf";

    private readonly SocketsHttpHandler _handler = new() { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false };
    private readonly HttpClient _http;

    /// <param name="loopbackPort">Set: every URL's host is reached at 127.0.0.1 on this port (a public host name
    /// that only exists in the test, like a browser with a host-resolver rule).</param>
    public CredentialsEntryClient(int? loopbackPort = null)
    {
        if (loopbackPort is { } port)
        {
            _handler.ConnectCallback = ConnectToLoopback(port);
        }

        _http = new HttpClient(_handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>A connector that sends any host name to 127.0.0.1:<paramref name="port"/>; the request keeps its Host.</summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> ConnectToLoopback(int port) => async (_, cancellationToken) =>
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    };

    /// <summary>Every response body so far, in order.</summary>
    public List<string> Bodies { get; } = [];

    public Task<EntryResponse> GetAsync(string url, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, url), configure);

    public Task<EntryResponse> PostAsync(string url, IEnumerable<KeyValuePair<string, string>> fields, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) }, configure);

    public Task<EntryResponse> PostAsync(string url, HttpContent content, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = content }, configure);

    /// <summary>The CSRF cookie the page set for <paramref name="url"/>, if any.</summary>
    public string? Cookie(string url) => _handler.CookieContainer.GetCookies(new Uri(url))[CookieName]?.Value;

    private async Task<EntryResponse> SendAsync(HttpRequestMessage request, Action<HttpRequestMessage>? configure)
    {
        using (request)
        {
            configure?.Invoke(request);
            using var response = await _http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Bodies.Add(body);
            return new EntryResponse(response.StatusCode, response.Headers, response.Content.Headers, body);
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _handler.Dispose();
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"csrf_token\" value=\"([^\"]+)\">")]
    internal static partial Regex HiddenCsrf();

    [GeneratedRegex("^http://127\\.0\\.0\\.1:(\\d+)/credentials-entry/([A-Za-z0-9_-]{43})$")]
    internal static partial Regex LinkPattern();

    /// <summary>A secret value nobody could mistake for anything else, to look for wherever it must not be.</summary>
    public static string Canary(string what) => $"ENTRYCANARY-{what}-{Guid.NewGuid():N}";

    /// <summary>Creates a profile of its own for a test that writes (unique username), optionally with credentials.</summary>
    public static async Task<string> CreateProfileAsync(McpClient client, Dictionary<string, string>? credentials = null, string platform = "onlyfans")
    {
        var username = "entry_" + Guid.NewGuid().ToString("N")[..10];
        var arguments = new Dictionary<string, object?> { ["platform"] = platform, ["username"] = username };
        if (credentials is not null)
        {
            arguments["credentials"] = credentials;
        }

        return (string)(await client.CallAsync("create_creator_profile", arguments)).Structured()["id"]!;
    }

    /// <summary>The profile's credentials column as Directus stores it.</summary>
    public static async Task<JsonNode?> StoredCredentialsAsync(LocalDirectus directus, string profileId) =>
        (await directus.Rest.ItemsAsync("creator_profiles", DirectusRest.Filter(new { id = new { _eq = profileId } }), "credentials")).Single()!["credentials"];

    /// <summary>The form a person would submit: the CSRF token, email, password and one extra field.</summary>
    public static List<KeyValuePair<string, string>> Form(string? csrf, string email, string password, string? extraName = null, string? extraValue = null)
    {
        var fields = new List<KeyValuePair<string, string>>();
        if (csrf is not null)
        {
            fields.Add(new("csrf_token", csrf));
        }

        fields.Add(new("email", email));
        fields.Add(new("username", ""));
        fields.Add(new("password", password));
        fields.Add(new("extra_name_1", extraName ?? ""));
        fields.Add(new("extra_value_1", extraValue ?? ""));
        fields.Add(new("extra_name_2", ""));
        fields.Add(new("extra_value_2", ""));
        return fields;
    }
}
