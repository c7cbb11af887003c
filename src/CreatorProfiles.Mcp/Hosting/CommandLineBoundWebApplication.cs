using System.Collections;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace CreatorProfiles.Mcp.Hosting;

/// <summary>
/// How every Kestrel listener of this server is built (the HTTP transport and stdio's credentials entry page): its
/// addresses come from the command line or the code, never from what the ASP.NET defaults read on their own:
/// ASPNETCORE_URLS, ..._HTTP_PORTS, Kestrel__Endpoints__*, ..._FORWARDEDHEADERS_ENABLED (which would trust any
/// X-Forwarded-For) or an appsettings file. Those could move a listener off loopback, or past the checks made on
/// --urls, without the command line showing it. The server's own settings are read from the environment elsewhere.
/// </summary>
internal static class CommandLineBoundWebApplication
{
    private static readonly string[] HostingPrefixes = ["", "ASPNETCORE_", "DOTNET_"];
    private static readonly string[] EndpointKeys = ["URLS", "HTTP_PORTS", "HTTPS_PORTS", "FORWARDEDHEADERS_ENABLED", "ALLOWEDHOSTS"];

    public static WebApplicationBuilder CreateBuilder()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(); // where the code's own settings (UseUrls) are written
        return builder;
    }

    /// <summary>The variables and files the ASP.NET defaults would have read for binds and that this server ignores,
    /// one description each, so an operator who set one learns that it has no effect.</summary>
    public static IEnumerable<string> IgnoredEndpointSources(IDictionary environment, IEnumerable<string> folders)
    {
        foreach (var name in environment.Keys.OfType<string>().Where(IsEndpointVariable).Order(StringComparer.Ordinal))
        {
            yield return $"the variable {name}";
        }

        foreach (var file in folders.Select(Path.GetFullPath).Distinct().Where(Directory.Exists)
                     .SelectMany(folder => Directory.EnumerateFiles(folder, "appsettings*.json")).Order(StringComparer.Ordinal))
        {
            yield return $"the file {file}";
        }
    }

    private static bool IsEndpointVariable(string name) =>
        HostingPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            && IsEndpointKey(name[prefix.Length..]));

    private static bool IsEndpointKey(string key) =>
        EndpointKeys.Contains(key, StringComparer.OrdinalIgnoreCase)
        || key.StartsWith("Kestrel__", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("Kestrel:", StringComparison.OrdinalIgnoreCase);
}
