using System.CommandLine;
using CreatorProfiles.Mcp.Configuration;
using CreatorProfiles.Mcp.Doctor;
using CreatorProfiles.Mcp.Hosting;
using CreatorProfiles.Mcp.Http;
using CreatorProfiles.Mcp.Maintenance;
using CreatorProfiles.Mcp.Tools;
using Microsoft.Extensions.Configuration;

// Configuration comes from the environment (docs/configuration.md); the command line picks the mode.
var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();

var transport = new Option<string>("--transport")
{
    Description = "How MCP clients connect: stdio (default; the client launches this process) or http (Streamable HTTP at /mcp).",
    DefaultValueFactory = _ => "stdio",
};
transport.AcceptOnlyFromAmong("stdio", "http");
var urls = new Option<string[]>("--urls")
{
    Description = $"http: addresses to listen on (default {HttpServerOptions.DefaultUrl}, loopback only).",
    AllowMultipleArgumentsPerToken = true,
};
var stateful = new Option<bool>("--stateful") { Description = "http: keep sessions in memory (server-to-client requests such as elicitation work; one replica per session)." };
var legacySse = new Option<bool>("--legacy-sse") { Description = "http: also serve the deprecated HTTP+SSE transport at /sse and /message (implies --stateful; rate-limited)." };
var auth = new Option<string>("--auth")
{
    Description = "http: how callers authenticate: directus-token (default; the caller's own Directus token) or oauth (access tokens from the OpenID provider at OAUTH_AUTHORITY for PUBLIC_URL/mcp).",
    DefaultValueFactory = _ => "directus-token",
};
auth.AcceptOnlyFromAmong("directus-token", "oauth");
var noAuth = new Option<bool>("--no-auth") { Description = "http, loopback only: no bearer token; every caller acts as the owner of DIRECTUS_TOKEN, as in stdio." };

// Binds and what they accept come only from here (docs/deployment.md, "Binds"); lists are comma-separated.
var certificate = new Option<string>("--certificate") { Description = "http: TLS certificate for https:// addresses, a PKCS#12 file or a PEM file with its key (password in TLS_CERTIFICATE_PASSWORD)." };
var behindProxy = new Option<bool>("--behind-proxy") { Description = "http: a TLS-terminating reverse proxy is in front: read X-Forwarded-For/-Proto from --trusted-proxies only; allows plain HTTP on a non-loopback address." };
var trustedProxies = ListOption("--trusted-proxies", "http, with --behind-proxy: the proxy's addresses or CIDR networks (default loopback only).");
var allowedHosts = ListOption("--allowed-hosts", "http: host names a request's Host may carry (*.example.com for subdomains); required off loopback (default loopback names).");
var allowedOrigins = ListOption("--allowed-origins", "http: browser origins accepted besides the server's own, compared by scheme, host and port (e.g. https://app.example.com).");

// Which tools are offered (docs/tools.md, "Which tools are offered"); every transport passes the same ToolCatalogOptions on.
var readOnly = new Option<bool>("--read-only")
{
    Description = "Offer only the tools that change nothing (readOnlyHint true); write tools are not listed and are refused by name.",
};
var toolsets = new Option<string[]>("--toolsets")
{
    Description = $"Offer only these toolsets, a comma list of {string.Join(", ", ToolCatalogOptions.ToolsetNames)} (default: all).",
};

var root = new RootCommand("CreatorProfiles.Mcp: an MCP server for creator profiles stored in Directus.")
{
    transport, urls, stateful, legacySse, auth, noAuth, certificate, behindProxy, trustedProxies, allowedHosts, allowedOrigins, readOnly, toolsets,
};
root.SetAction(async (parseResult, cancellationToken) =>
{
    if (!ToolCatalogOptions.TryCreate(parseResult.GetValue(readOnly), parseResult.GetValue(toolsets), out var catalog, out var catalogError))
    {
        await Console.Error.WriteLineAsync($"creator-profiles-mcp: {catalogError}");
        return 2;
    }

    var settings = ServerSettings.Load(configuration);
    if (settings.Errors.Count > 0)
    {
        foreach (var error in settings.Errors)
        {
            await Console.Error.WriteLineAsync($"creator-profiles-mcp: configuration error: {error}");
        }

        await Console.Error.WriteLineAsync("creator-profiles-mcp: not started. Fix the variables above (`creator-profiles-mcp doctor` checks them).");
        return 2;
    }

    if (parseResult.GetValue(transport) == "http")
    {
        var requested = parseResult.GetValue(urls) is { Length: > 0 } given
            ? given.SelectMany(url => url.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray()
            : [HttpServerOptions.DefaultUrl];
        var http = new HttpServerOptions(requested, parseResult.GetValue(stateful), parseResult.GetValue(legacySse), parseResult.GetValue(noAuth))
        {
            CertificatePath = parseResult.GetValue(certificate),
            BehindProxy = parseResult.GetValue(behindProxy),
            TrustedProxies = Items(parseResult.GetValue(trustedProxies)),
            AllowedHosts = Items(parseResult.GetValue(allowedHosts)),
            AllowedOrigins = Items(parseResult.GetValue(allowedOrigins)),
            Auth = parseResult.GetValue(auth) == "oauth" ? HttpAuthMode.OAuth : HttpAuthMode.DirectusToken,
        };
        var problems = http.Problems().Concat(OAuthResourceServer.Problems(settings, http.Auth, http.NoAuth)).ToList();
        foreach (var problem in problems)
        {
            await Console.Error.WriteLineAsync($"creator-profiles-mcp: {problem}");
        }

        return problems.Count > 0 ? 2 : await HttpServer.RunAsync(settings, http, catalog, cancellationToken);
    }

    return await StdioServer.RunAsync(settings, catalog, cancellationToken);
});

var doctor = new Command("doctor", "Checks the configuration, Directus, the token, the schema and the encryption key; prints a fix for each failure.");
doctor.SetAction((_, cancellationToken) => DoctorCommand.RunAsync(ServerSettings.Load(configuration), Console.Out, cancellationToken));
root.Subcommands.Add(doctor);

// credentials migrate-legacy | rotate [--dry-run]: re-encrypt stored values in place (docs/credentials.md).
root.Subcommands.Add(CredentialsCommand.Create(configuration));

// profiles migrate-identity [--dry-run]: rewrite identity keys in the owner-scoped form (docs/data-model.md).
root.Subcommands.Add(ProfilesCommand.Create(configuration));

// The stdio server answers SIGTERM and Ctrl+C itself (Hosting/StdioLifetime: calls in flight finish first); everything
// else gets the command line's handling (its token is cancelled, and the process exits if that takes over 2 s).
var parsed = root.Parse(args);
var servesStdio = parsed.CommandResult.Command == root && parsed.GetValue(transport) != "http";
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = servesStdio ? null : TimeSpan.FromSeconds(2) });

static Option<string[]> ListOption(string name, string description) =>
    new(name) { Description = description, AllowMultipleArgumentsPerToken = true };

static string[] Items(string[]? values) =>
    [.. (values ?? []).SelectMany(value => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
