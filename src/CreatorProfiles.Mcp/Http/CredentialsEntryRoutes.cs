using CreatorProfiles.Mcp.Configuration;
using CreatorProfiles.Mcp.CredentialsEntry;
using CreatorProfiles.Mcp.Domain.Credentials.Entry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CreatorProfiles.Mcp.Http;

/// <summary>
/// The credentials entry page in HTTP mode: the same page as stdio's loopback listener, served by this app at
/// PUBLIC_URL/credentials-entry/{token} (or the loopback bind without PUBLIC_URL). It passes the front door like every
/// request (Host in --allowed-hosts, Origin, per-address limits, forwarded headers from trusted proxies only), then the
/// page's own checks: its Host and Origin are PUBLIC_URL's, CSRF, single use, a 64 KiB body.
/// </summary>
internal static class CredentialsEntryRoutes
{
    public static IServiceCollection AddCredentialsEntryPage(this IServiceCollection services, ServerSettings settings, HttpServerOptions options)
    {
        services.AddSingleton(CredentialsEntrySite.For(settings.PublicUrl, options.BehindProxy));
        services.AddSingleton<ICredentialsEntryEndpoint, HttpCredentialsEntryEndpoint>();
        return services;
    }

    public static void MapCredentialsEntryPage(this WebApplication app)
    {
        var page = app.Services.GetRequiredService<CredentialsEntryPage>();
        app.Map(CredentialsEntryPage.PathPrefix + "{**token}", page.HandleAsync);
        var site = app.Services.GetRequiredService<CredentialsEntrySite>();
        if (site.PublicUrl is { Scheme: "http", IsLoopback: false } url)
        {
            app.Logger.LogWarning("PUBLIC_URL {PublicUrl} is plain http: credentials typed into the entry page would cross the network readable. Use an https URL (a TLS-terminating proxy with --behind-proxy)", url);
        }
    }
}
