using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

/// <summary>One answer of a credential endpoint: status, raw body (for byte-for-byte comparisons and leak scans) and
/// the headers a caller acts on.</summary>
internal sealed record ApiAnswer(HttpStatusCode Status, string Body, string? RetryAfter, string? CacheControl, string? WwwAuthenticate)
{
    public JsonObject Json => JsonNode.Parse(Body)?.AsObject() ?? throw new InvalidOperationException("empty body");

    public override string ToString() => $"{(int)Status} {Body}";
}

/// <summary>Plain HTTP calls to POST /api/credentials/encrypt and /decrypt of a server process, as the web app and
/// the worker make them (no MCP involved).</summary>
internal sealed class CredentialsApi(HttpServerProcess server) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    public Uri Encrypt => new(server.BaseUri, "/api/credentials/encrypt");
    public Uri Decrypt => new(server.BaseUri, "/api/credentials/decrypt");

    public Task<ApiAnswer> EncryptAsync(string? token, JsonNode body) => PostAsync(Encrypt, token, body.ToJsonString());

    public Task<ApiAnswer> DecryptAsync(string? token, JsonNode body) => PostAsync(Decrypt, token, body.ToJsonString());

    /// <summary>The envelope string ("v1:...") for <paramref name="credentials"/>, encrypted by the server.</summary>
    public async Task<string> EnvelopeAsync(string token, JsonObject credentials)
    {
        var answer = await EncryptAsync(token, new JsonObject { ["credentials"] = credentials.DeepClone() });
        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        return (string)answer.Json["enc"]!;
    }

    public async Task<ApiAnswer> PostAsync(Uri endpoint, string? token, string body, string? contentType = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        request.Content = new StringContent(body, Encoding.UTF8);
        request.Content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _http.SendAsync(request);
        return new ApiAnswer(
            response.StatusCode,
            await response.Content.ReadAsStringAsync(),
            response.Headers.RetryAfter?.ToString(),
            response.Headers.CacheControl?.ToString(),
            response.Headers.WwwAuthenticate.ToString() is { Length: > 0 } challenge ? challenge : null);
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>The audit file a server process writes (AUDIT_LOG): its lines, waited for, since a line is written after
/// the answer has gone out.</summary>
internal sealed class AuditFile : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"creatorprofiles-audit-{Guid.NewGuid():N}.log");

    public string Text => File.Exists(Path) ? File.ReadAllText(Path) : "";

    public List<JsonObject> Lines => Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();

    /// <summary>Waits (up to 10 s) until at least <paramref name="count"/> lines match, then returns the matching lines.</summary>
    public async Task<List<JsonObject>> WaitForAsync(Func<JsonObject, bool> match, int count = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var found = Lines.Where(match).ToList();
            if (found.Count >= count || DateTime.UtcNow > deadline)
            {
                Assert.True(found.Count >= count, $"expected {count} audit line(s), found {found.Count} in:\n{Text}");
                return found;
            }

            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
