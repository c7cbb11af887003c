using System.Security.Cryptography;
using System.Text.Json;
using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Callers;
using CreatorProfiles.Mcp.Domain.Credentials;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Credentials;

/// <summary>The decrypt endpoint's rules without HTTP: the role gate (checked before anything else, admins included),
/// the request shape, and which session's cookies are read. The integration tests (CredentialsEndpointsTests) run the
/// same over HTTP against a real Directus.</summary>
public sealed class CredentialsDecryptServiceTests
{
    private const string ProfileId = "3f2b8c1e-5d4a-4b6f-9e21-7c0d5a9b1f42";

    private static readonly CredentialKeyring Keyring =
        CredentialKeyring.TryParse(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), null, out _)!;

    private readonly IDirectusApi _directus = Substitute.For<IDirectusApi>();
    private readonly CredentialsCipher _cipher = new(Keyring);

    private static readonly Caller Worker = new("w", IsAdmin: false) { RoleName = "media-worker" };
    private static readonly Caller AdminWithoutRole = new("a", IsAdmin: true) { RoleName = "Administrator" };
    private static readonly Caller Alice = new("u", IsAdmin: false) { RoleName = "Creator" };
    private static readonly Caller NoRole = new("n", IsAdmin: false);

    private CredentialsDecryptService Service(params string[] roles) => new(
        _directus,
        new CredentialsCipherProvider(Keyring),
        Options.Create(roles.Length == 0 ? new CredentialsDecryptOptions() : new CredentialsDecryptOptions { DecryptRoles = roles }),
        TimeProvider.System);

    private JsonElement Envelope(params (string Name, string Value)[] fields) =>
        JsonSerializer.SerializeToElement(_cipher.Encrypt(fields.ToDictionary(f => f.Name, f => f.Value)));

    public static TheoryData<string> RefusedCallers => ["admin", "alice", "none"];

    [Theory]
    [MemberData(nameof(RefusedCallers))]
    public async Task Callers_without_the_role_are_refused_before_anything_is_read(string who)
    {
        var caller = who switch { "admin" => AdminWithoutRole, "alice" => Alice, _ => NoRole };

        var refused = await Assert.ThrowsAsync<CredentialsEndpointRefusedException>(() =>
            Service().DecryptAsync(caller, new DecryptRequest(null, "not even a uuid", "bogus"), CancellationToken.None));

        Assert.Equal(CredentialsEndpointRefusal.Forbidden, refused.Refusal);
        Assert.Equal(CredentialsDecryptService.ForbiddenMessage, refused.Message);
        Assert.Empty(_directus.ReceivedCalls());
    }

    [Fact]
    public void Role_names_are_matched_exactly()
    {
        Assert.True(Service().MayDecrypt(Worker));
        Assert.False(Service().MayDecrypt(Worker with { RoleName = "Media-Worker" }));
        Assert.True(Service("Creator", "auditor").MayDecrypt(Alice));
        Assert.False(Service("Creator", "auditor").MayDecrypt(Worker));
    }

    [Fact]
    public async Task An_envelope_opens_with_its_format_and_key_and_no_Directus_request()
    {
        var result = await Service().DecryptAsync(Worker, new DecryptRequest(Envelope(("sess", "s3cret")), null, null), CancellationToken.None);

        Assert.Equal("v1", result.Format);
        Assert.Equal("current", result.Key);
        Assert.Equal(Keyring.CurrentFingerprint, result.KeyFingerprint);
        Assert.Equal("s3cret", result.Credentials["sess"]);
        Assert.DoesNotContain("s3cret", result.ToString());
        Assert.Empty(_directus.ReceivedCalls());
    }

    [Theory]
    [InlineData(true, true, null, "not both")]
    [InlineData(false, false, null, "Give 'enc'")]
    [InlineData(true, false, "cookies", "'source' applies to 'profile_id' only")]
    public async Task The_request_names_exactly_one_thing(bool enc, bool profile, string? source, string says)
    {
        var request = new DecryptRequest(enc ? Envelope(("a", "b")) : null, profile ? ProfileId : null, source);

        var refused = await Assert.ThrowsAsync<CredentialsEndpointRefusedException>(() => Service().DecryptAsync(Worker, request, CancellationToken.None));

        Assert.Equal(CredentialsEndpointRefusal.InvalidRequest, refused.Refusal);
        Assert.Contains(says, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_enc_is_an_invalid_request_that_says_why_without_the_value()
    {
        var text = Envelope(("password", "hunter2")).GetProperty("enc").GetString()!;
        var tampered = JsonSerializer.SerializeToElement(text[..^6] + (text[^6] == 'A' ? "B" : "A") + text[^5..]);

        var refused = await Assert.ThrowsAsync<CredentialsEndpointRefusedException>(() =>
            Service().DecryptAsync(Worker, new DecryptRequest(tampered, null, null), CancellationToken.None));

        Assert.Equal(CredentialsEndpointRefusal.InvalidRequest, refused.Refusal);
        Assert.NotNull(refused.ReadStatus);
        Assert.DoesNotContain(text[10..30], refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cookies_are_the_newest_unexpired_session_and_a_profile_without_one_is_told_apart_from_a_missing_one()
    {
        string? filter = null;
        string? sort = null;
        _directus.ListItemsAsync<SessionCookiesRecord>(DirectusSchema.PlatformSessions.Collection, Arg.Any<string?>(), Arg.Any<string?>(), Arg.Any<string?>(),
                Arg.Any<int?>(), Arg.Any<int?>(), Arg.Any<string?>(), Arg.Any<CancellationToken>())
            .Returns(call =>
            {
                filter = call.ArgAt<string?>(1);
                sort = call.ArgAt<string?>(3);
                return new DirectusList<SessionCookiesRecord>([new("s1", ProfileId, Envelope(("sess", "c")), null, DateTimeOffset.UtcNow)]);
            });

        var result = await Service().DecryptAsync(Worker, new DecryptRequest(null, ProfileId.ToUpperInvariant(), "cookies"), CancellationToken.None);

        Assert.Equal("s1", result.SessionId);
        Assert.Equal(ProfileId, result.ProfileId);
        Assert.Equal("c", result.Credentials["sess"]);
        Assert.StartsWith("-created_at", sort, StringComparison.Ordinal);
        Assert.Contains("\"expires_at\":{\"_null\":true}", filter, StringComparison.Ordinal);
        Assert.Contains("\"expires_at\":{\"_gt\":", filter, StringComparison.Ordinal);

        _directus.ListItemsAsync<SessionCookiesRecord>(DirectusSchema.PlatformSessions.Collection, Arg.Any<string?>(), Arg.Any<string?>(), Arg.Any<string?>(),
                Arg.Any<int?>(), Arg.Any<int?>(), Arg.Any<string?>(), Arg.Any<CancellationToken>())
            .Returns(new DirectusList<SessionCookiesRecord>([]));
        _directus.GetItemAsync<EncryptedFieldRow>(DirectusSchema.Profiles.Collection, ProfileId, Arg.Any<string?>(), Arg.Any<string?>(), Arg.Any<CancellationToken>())
            .Returns(new DirectusItem<EncryptedFieldRow>(new EncryptedFieldRow(ProfileId)));
        var none = await Assert.ThrowsAsync<CredentialsEndpointRefusedException>(() =>
            Service().DecryptAsync(Worker, new DecryptRequest(null, ProfileId, "cookies"), CancellationToken.None));
        Assert.Equal(CredentialsEndpointRefusal.NoCookies, none.Refusal);

        _directus.GetItemAsync<EncryptedFieldRow>(DirectusSchema.Profiles.Collection, ProfileId, Arg.Any<string?>(), Arg.Any<string?>(), Arg.Any<CancellationToken>())
            .Returns(Task.FromException<DirectusItem<EncryptedFieldRow>>(DataAccessException.From(new DirectusException(DirectusErrorKind.ForbiddenOrMissing, "403", 403))));
        var missing = await Assert.ThrowsAsync<CredentialsEndpointRefusedException>(() =>
            Service().DecryptAsync(Worker, new DecryptRequest(null, ProfileId, "cookies"), CancellationToken.None));
        Assert.Equal(CredentialsEndpointRefusal.NotFound, missing.Refusal);
    }

    [Fact]
    public async Task Without_a_key_the_worker_is_told_so_and_everyone_else_still_gets_403()
    {
        var service = new CredentialsDecryptService(_directus, new CredentialsCipherProvider(null), Options.Create(new CredentialsDecryptOptions()), TimeProvider.System);

        var worker = await Assert.ThrowsAsync<CredentialsEndpointRefusedException>(() => service.DecryptAsync(Worker, new DecryptRequest(null, ProfileId, null), CancellationToken.None));
        var alice = await Assert.ThrowsAsync<CredentialsEndpointRefusedException>(() => service.DecryptAsync(Alice, new DecryptRequest(null, ProfileId, null), CancellationToken.None));

        Assert.Equal(CredentialsEndpointRefusal.NotConfigured, worker.Refusal);
        Assert.Equal(CredentialsEndpointRefusal.Forbidden, alice.Refusal);
        Assert.Empty(_directus.ReceivedCalls());
    }
}
