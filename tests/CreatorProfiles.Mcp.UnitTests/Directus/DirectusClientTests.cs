using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Directus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace CreatorProfiles.Mcp.UnitTests.Directus;

/// <summary>
/// The real client as <see cref="DirectusServiceCollectionExtensions.AddDirectusClient"/> registers it (Refit, auth,
/// resilience, error mapping), with only the network replaced by a stub primary handler.
/// </summary>
public sealed partial class DirectusClientTests
{
    private const string EmptyList = """{"data":[]}""";
    private const string OneProfile = """{"data":{"id":"0b7e3a52-9c1d-4f6e-8a2b-5d4c3b2a1f0e","platform":"onlyfans","username":"a","scrape_status":"idle","is_active":true}}""";

    private static ServiceProvider Build(StubHandler stub, Action<DirectusOptions>? configure = null)
    {
        var options = new DirectusOptions { BaseUrl = new Uri("http://directus.test:8055"), Token = "t", ReadRetries = 2 };
        configure?.Invoke(options);
        var services = new ServiceCollection();
        services.AddSingleton(Options.Create(options));
        services.AddDirectusClient();
        services.ConfigureAll<HttpClientFactoryOptions>(o => o.HttpMessageHandlerBuilderActions.Add(b => b.PrimaryHandler = stub));
        return services.BuildServiceProvider();
    }

    private static JsonObject NewProfile() => new() { ["platform"] = "onlyfans", ["username"] = "a" };

    /// <summary>Answers in place of the network and records what reached it.</summary>
    internal sealed class StubHandler(Func<HttpRequestMessage, int, CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        public StubHandler(Func<HttpRequestMessage, int, HttpResponseMessage> answer)
            : this((request, attempt, _) => Task.FromResult(answer(request, attempt)))
        {
        }

        public sealed record Seen(string Method, Uri Uri, string? Authorization);

        private readonly List<Seen> _requests = [];

        public IReadOnlyList<Seen> Requests
        {
            get
            {
                lock (_requests)
                {
                    return [.. _requests];
                }
            }
        }

        public static StubHandler Always(HttpStatusCode status, string body) => new((_, _) => Answer(status, body));

        public static HttpResponseMessage Answer(HttpStatusCode status, string body) =>
            new(status) { Content = new StringContent(body, Encoding.UTF8, body.StartsWith('{') ? "application/json" : "text/html") };

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            int attempt;
            lock (_requests)
            {
                _requests.Add(new Seen(request.Method.Method, request.RequestUri!, request.Headers.Authorization?.ToString()));
                attempt = _requests.Count;
            }

            var response = await answer(request, attempt, cancellationToken);
            response.RequestMessage = request; // as SocketsHttpHandler does
            return response;
        }
    }
}
