using System.Net;
using System.Net.Sockets;
using System.Text;
using CreatorProfiles.Mcp.CallPipeline;
using CreatorProfiles.Mcp.Domain.Callers;
using CreatorProfiles.Mcp.Domain.Credentials.Entry;
using CreatorProfiles.Mcp.SharedState;
using Microsoft.Extensions.Logging.Abstractions;
using static CreatorProfiles.Mcp.UnitTests.Domain.Callers.CallerTokenValidatorTests;

namespace CreatorProfiles.Mcp.UnitTests.SharedState;

public sealed class SharedStateTests
{
    [Theory]
    [InlineData("redis://127.0.0.1", "127.0.0.1", 6379, null, null, 0)]
    [InlineData("redis://:s3cret@127.0.0.1:6380/2", "127.0.0.1", 6380, null, "s3cret", 2)]
    [InlineData("redis://mcp:s3cret@redis.internal:7000", "redis.internal", 7000, "mcp", "s3cret", 0)]
    public void A_redis_url_gives_host_port_credentials_and_database(string url, string host, int port, string? user, string? password, int database)
    {
        var endpoint = RedisEndpoint.TryParse(url, out var problem);

        Assert.Null(problem);
        Assert.Equal(new RedisEndpoint(host, port, user, password, database), endpoint);
        Assert.DoesNotContain("s3cret", endpoint!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rediss://127.0.0.1:6379")]
    [InlineData("http://127.0.0.1:6379")]
    [InlineData("redis://127.0.0.1:6379/zero")]
    [InlineData("127.0.0.1:6379")]
    public void Anything_else_is_refused_with_a_reason(string url)
    {
        Assert.Null(RedisEndpoint.TryParse(url, out var problem));
        Assert.NotNull(problem);
    }

    [Fact]
    public async Task Commands_are_sent_as_resp_arrays_and_every_reply_kind_is_read()
    {
        Assert.Equal("*2\r\n$3\r\nGET\r\n$4\r\nkéy\r\n", Encoding.UTF8.GetString(RedisConnection.Encode(["GET", "kéy"])));
        var replies = "+OK\r\n:42\r\n$-1\r\n$5\r\nhello\r\n-ERR no\r\n*2\r\n:1\r\n$0\r\n\r\n";
        var reader = new RespReader(new MemoryStream(Encoding.UTF8.GetBytes(replies)));

        Assert.Equal("OK", await reader.ReadAsync(CancellationToken.None));
        Assert.Equal(42L, await reader.ReadAsync(CancellationToken.None));
        Assert.Null(await reader.ReadAsync(CancellationToken.None));
        Assert.Equal("hello", await reader.ReadAsync(CancellationToken.None));
        Assert.Equal(new RespError("ERR no"), await reader.ReadAsync(CancellationToken.None));
        Assert.Equal(new object?[] { 1L, "" }, await reader.ReadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task When_redis_does_not_answer_rate_limits_still_hold_on_this_replica()
    {
        var nobody = new RedisEndpoint("127.0.0.1", 1, null, null, 0); // port 1: connection refused
        using var redis = new RedisConnection(nobody, TimeProvider.System, NullLogger<RedisConnection>.Instance);
        using var local = new LocalTokenBuckets();
        var buckets = new RedisTokenBuckets(redis, local);

        Assert.Null(await buckets.TryTakeAsync("general", "alice", 2, 1, CancellationToken.None));
        Assert.Null(await buckets.TryTakeAsync("general", "alice", 2, 1, CancellationToken.None));
        var refused = await buckets.TryTakeAsync("general", "alice", 2, 1, CancellationToken.None);

        Assert.NotNull(refused);
        Assert.True(refused > TimeSpan.Zero);
    }

    [Fact]
    public async Task When_redis_does_not_answer_single_use_state_fails_closed()
    {
        var nobody = new RedisEndpoint("127.0.0.1", 1, null, null, 0);
        using var redis = new RedisConnection(nobody, TimeProvider.System, NullLogger<RedisConnection>.Instance);
        var claims = new RedisSingleUseClaims(redis);

        var refused = await Assert.ThrowsAsync<SharedStateUnavailableException>(() => claims.TryClaimAsync("k", TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.Contains("the link stays open", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_in_memory_claim_is_granted_once_until_released_or_expired()
    {
        var clock = new ManualClock();
        var claims = new InMemorySingleUseClaims(clock);

        Assert.True(await claims.TryClaimAsync("link", TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.False(await claims.TryClaimAsync("link", TimeSpan.FromMinutes(1), CancellationToken.None));
        await claims.ReleaseAsync("link", CancellationToken.None);
        Assert.True(await claims.TryClaimAsync("link", TimeSpan.FromMinutes(1), CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await claims.TryClaimAsync("link", TimeSpan.FromMinutes(1), CancellationToken.None));
    }

    [Fact]
    public async Task When_redis_does_not_answer_credentials_entry_links_fail_closed()
    {
        var nobody = new RedisEndpoint("127.0.0.1", 1, null, null, 0);
        using var redis = new RedisConnection(nobody, TimeProvider.System, NullLogger<RedisConnection>.Instance);
        var records = new RedisCredentialsEntryLinkRecords(redis, TimeProvider.System);
        var link = new CredentialsEntryLinkRecord("0123456789abcdef", new CredentialsEntryTarget("p", "onlyfans", "u", false), new Caller("alice", false),
            DateTimeOffset.UtcNow.AddMinutes(10));

        var refused = await Assert.ThrowsAsync<SharedStateUnavailableException>(
            () => records.TryAddAsync("hash", link, 10, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1), CancellationToken.None));
        await Assert.ThrowsAsync<SharedStateUnavailableException>(() => records.GetAsync("hash", CancellationToken.None));
        await Assert.ThrowsAsync<SharedStateUnavailableException>(() => records.AddFailedSubmissionAsync("hash", CancellationToken.None));
        Assert.Contains("nothing was stored", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_its_caller_gave_up_on_takes_its_own_reply_and_the_connection_stays()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answerLate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = Task.Run(async () =>
        {
            using var connection = await listener.AcceptTcpClientAsync();
            var stream = connection.GetStream();
            await stream.ReadAtLeastAsync(new byte[256], 1);
            received.SetResult();
            await answerLate.Task;
            await stream.WriteAsync("+stale\r\n"u8.ToArray()); // the reply its caller no longer waits for
            await stream.ReadAtLeastAsync(new byte[256], 1);
            await stream.WriteAsync("+fresh\r\n"u8.ToArray());
        });
        var endpoint = new RedisEndpoint("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port, null, null, 0);
        using var redis = new RedisConnection(endpoint, TimeProvider.System, NullLogger<RedisConnection>.Instance);

        using var givingUp = new CancellationTokenSource();
        var abandoned = redis.ExecuteAsync(["PING"], givingUp.Token);
        await received.Task;
        await givingUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned); // the caller is let go at once
        var next = redis.ExecuteAsync(["GET", "k"], CancellationToken.None);
        answerLate.SetResult();

        Assert.Equal("fresh", await next); // not "stale": that reply went to the command it answered
        await server;
        Assert.False(listener.Pending()); // and no second connection was opened
    }
}
