using System.Text.Json;
using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Credentials;
using NSubstitute;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Credentials;

/// <summary>Decrypt is bound to work: a profile's values only with its running job, read in one Directus request; one
/// refusal for every other case, and for an <c>enc</c> while the switch is off.</summary>
public sealed partial class CredentialsDecryptServiceTests
{
    private const string OtherProfileId = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9";

    /// <summary>The job read answers <paramref name="job"/> (or fails with <paramref name="failure"/>); returns what it was asked.</summary>
    private List<(string Id, string? Fields, string? Deep)> JobReadReturns(DecryptJobRecord? job, Exception? failure = null)
    {
        var asked = new List<(string, string?, string?)>();
        _directus.GetItemAsync<DecryptJobRecord>(DirectusSchema.MediaJobs.Collection, Arg.Any<string>(), Arg.Any<string?>(), Arg.Any<string?>(), Arg.Any<CancellationToken>())
            .Returns(call =>
            {
                asked.Add((call.ArgAt<string>(1), call.ArgAt<string?>(2), call.ArgAt<string?>(3)));
                return failure is null ? Task.FromResult(new DirectusItem<DecryptJobRecord>(job!)) : Task.FromException<DirectusItem<DecryptJobRecord>>(failure);
            });
        return asked;
    }

    private Task<DecryptAnswer> Decrypt(string? jobId, string? source = null, string profileId = ProfileId) =>
        Service().DecryptAsync(Worker, new DecryptRequest(null, profileId, source, jobId), CancellationToken.None);

    private static async Task AssertNotBoundToWork(Func<Task> decrypt)
    {
        var refused = await Assert.ThrowsAsync<CredentialsEndpointRefusedException>(decrypt);
        Assert.Equal(CredentialsEndpointRefusal.NotBoundToWork, refused.Refusal);
        Assert.Equal(CredentialsDecryptService.NotBoundToWorkMessage, refused.Message);
    }

    [Fact]
    public async Task A_running_job_of_the_profile_opens_its_credentials_in_one_Directus_request()
    {
        var asked = JobReadReturns(new DecryptJobRecord(JobId, "running", new DecryptJobProfile(ProfileId, Envelope(("password", "p")))));

        var result = await Decrypt(JobId.ToUpperInvariant());

        Assert.Equal("p", result.Credentials["password"]);
        Assert.Equal(ProfileId, result.ProfileId);
        var (id, fields, deep) = Assert.Single(asked);
        Assert.Equal(JobId, id);
        Assert.Equal("id,status,profile_id.id,profile_id.credentials", fields);
        Assert.Null(deep);
        Assert.Single(_directus.ReceivedCalls());
    }

    [Fact]
    public async Task Cookies_come_with_the_job_read_newest_unexpired_first_and_none_is_no_cookies()
    {
        var session = new SessionCookiesRecord("s1", null, Envelope(("sess", "c")), null, DateTimeOffset.UtcNow);
        var asked = JobReadReturns(new DecryptJobRecord(JobId, "running", new DecryptJobProfile(ProfileId, PlatformSessions: [session])));

        var result = await Decrypt(JobId, "cookies");

        Assert.Equal("s1", result.SessionId);
        Assert.Equal("c", result.Credentials["sess"]);
        var (_, fields, deep) = Assert.Single(asked);
        Assert.Contains("profile_id.platform_sessions.cookies", fields, StringComparison.Ordinal);
        Assert.DoesNotContain("profile_id.credentials", fields, StringComparison.Ordinal);
        Assert.Contains("\"profile_id\":{\"platform_sessions\":{", deep, StringComparison.Ordinal);
        Assert.Contains("\"expires_at\":{\"_null\":true}", deep, StringComparison.Ordinal);
        Assert.Contains("\"expires_at\":{\"_gt\":", deep, StringComparison.Ordinal);
        Assert.Contains("\"_sort\":[\"-created_at\",\"-expires_at\"]", deep, StringComparison.Ordinal);
        Assert.Contains("\"_limit\":1", deep, StringComparison.Ordinal);

        JobReadReturns(new DecryptJobRecord(JobId, "running", new DecryptJobProfile(ProfileId, PlatformSessions: [])));
        var none = await Assert.ThrowsAsync<CredentialsEndpointRefusedException>(() => Decrypt(JobId, "cookies"));
        Assert.Equal(CredentialsEndpointRefusal.NoCookies, none.Refusal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12")]
    [InlineData("9a0c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3/../x")]
    [InlineData("{9a0c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3}")]
    public async Task A_missing_or_malformed_job_id_is_refused_without_asking_Directus(string? jobId)
    {
        await AssertNotBoundToWork(() => Decrypt(jobId));
        await AssertNotBoundToWork(() => Decrypt(jobId, "cookies"));
        Assert.Empty(_directus.ReceivedCalls());
    }

    public static TheoryData<string, string?, bool> JobsNotBoundToTheProfile => new()
    {
        { "queued", ProfileId, false },
        { "done", ProfileId, false },
        { "failed", ProfileId, false },
        { "running", OtherProfileId, false },
        { "running", null, false }, // its profile was deleted
        { "running", ProfileId, true }, // no such job
    };

    [Theory]
    [MemberData(nameof(JobsNotBoundToTheProfile))]
    public async Task A_job_that_is_not_running_for_this_profile_gets_the_one_refusal(string status, string? jobProfile, bool missing)
    {
        JobReadReturns(
            new DecryptJobRecord(JobId, status, jobProfile is null ? null : new DecryptJobProfile(jobProfile, Envelope(("password", "p")))),
            missing ? DataAccessException.From(new DirectusException(DirectusErrorKind.ForbiddenOrMissing, "403", 403)) : null);

        await AssertNotBoundToWork(() => Decrypt(JobId));
        await AssertNotBoundToWork(() => Decrypt(JobId, "cookies"));
    }

    [Fact]
    public async Task An_enc_is_refused_alike_while_the_switch_is_off_whatever_it_holds()
    {
        var tampered = JsonSerializer.SerializeToElement("v1:broken");
        foreach (var enc in new[] { Envelope(("password", "p")), tampered, JsonSerializer.SerializeToElement(new { password = "plain" }) })
        {
            await AssertNotBoundToWork(() => Service().DecryptAsync(Worker, new DecryptRequest(enc, null, null), CancellationToken.None));
            await AssertNotBoundToWork(() => Service().DecryptAsync(Worker, new DecryptRequest(enc, null, "cookies", JobId), CancellationToken.None));
        }

        Assert.Empty(_directus.ReceivedCalls());
        var opened = await Service(allowEnc: true).DecryptAsync(Worker, new DecryptRequest(Envelope(("password", "p")), null, null), CancellationToken.None);
        Assert.Equal("p", opened.Credentials["password"]);
    }

    [Fact]
    public async Task Directus_being_down_is_not_hidden_behind_the_refusal()
    {
        JobReadReturns(null, DataAccessException.From(new DirectusException(DirectusErrorKind.Unavailable, "503", 503)));

        var failed = await Assert.ThrowsAsync<DataAccessException>(() => Decrypt(JobId));

        Assert.Equal(DataAccessFailure.Unavailable, failed.Failure);
    }
}
