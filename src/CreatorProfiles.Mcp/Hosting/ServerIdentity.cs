using System.Reflection;
using ModelContextProtocol.Protocol;

namespace CreatorProfiles.Mcp.Hosting;

internal static class ServerIdentity
{
    public const string Name = "creator-profiles-mcp";

    public static string Version { get; } =
        typeof(ServerIdentity).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static Implementation Implementation => new() { Name = Name, Title = "Creator Profiles (Directus)", Version = Version };
}
