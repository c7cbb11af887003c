using System.Globalization;

namespace CreatorProfiles.Mcp.SharedState;

/// <summary>Where Redis is, from a <c>redis://[[user]:password@]host[:port][/db]</c> URL. Its text never shows the password.</summary>
internal sealed record RedisEndpoint(string Host, int Port, string? User, string? Password, int Database)
{
    /// <summary>Parses <paramref name="url"/>; null with a reason when it is not a redis:// URL this client can use
    /// (rediss:// would need TLS, which this client does not speak: put Redis on a private network or loopback).</summary>
    public static RedisEndpoint? TryParse(string url, out string? problem)
    {
        problem = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != "redis" || uri.Host.Length == 0)
        {
            problem = "is not a redis://host:port URL";
            return null;
        }

        var database = 0;
        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0 && !int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out database))
        {
            problem = "has a path that is not a database number";
            return null;
        }

        var userInfo = Uri.UnescapeDataString(uri.UserInfo);
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        var (user, password) = colon < 0
            ? (null, userInfo.Length > 0 ? userInfo : null)
            : (colon > 0 ? userInfo[..colon] : null, userInfo[(colon + 1)..]);
        return new RedisEndpoint(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port, user, password, database);
    }

    public override string ToString() => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}/{Database.ToString(CultureInfo.InvariantCulture)}";
}
