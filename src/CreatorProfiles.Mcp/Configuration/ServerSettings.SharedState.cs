using CreatorProfiles.Mcp.SharedState;
using Microsoft.Extensions.Configuration;

namespace CreatorProfiles.Mcp.Configuration;

/// <summary>REDIS_URL: the state several replicas must share (rate limits, credentials entry links).</summary>
public sealed partial class ServerSettings
{
    public const string RedisUrlVariable = "REDIS_URL";

    /// <summary>Where the replicas' shared state lives; null: in this process.</summary>
    internal RedisEndpoint? Redis { get; private set; }

    private void ReadRedisUrl(IConfiguration configuration)
    {
        var text = configuration[RedisUrlVariable];
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        Redis = RedisEndpoint.TryParse(text.Trim(), out var problem);
        if (Redis is null)
        {
            // The value may hold a password: the message names only what is wrong with it.
            _errors.Add($"{RedisUrlVariable} {problem}, such as redis://:password@127.0.0.1:6379/0 (leave it unset for one replica).");
        }
    }
}
