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
/// the request shape, decrypt bound to a running job (<c>.BoundToWork</c>) and which session's cookies are read. The
/// integration tests (CredentialsEndpointsTests) run the same over HTTP against a real Directus.</summary>
public sealed partial class CredentialsDecryptServiceTests
{
    private const string ProfileId = "3f2b8c1e-5d4a-4b6f-9e21-7c0d5a9b1f42";
    private const string JobId = "9a0c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3";

    private static readonly CredentialKeyring Keyring =
        CredentialKeyring.TryParse(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), null, out _)!;

    private readonly IDirectusApi _directus = Substitute.For<IDirectusApi>();
    private readonly CredentialsCipher _cipher = new(Keyring);

    private static readonly Caller Worker = new("w", IsAdmin: false) { RoleName = "media-worker" };
    private static readonly Caller AdminWithoutRole = new("a", IsAdmin: true) { RoleName = "Administrator" };
    private static readonly Caller Alice = new("u", IsAdmin: false) { RoleName = "Creator" };
    private static readonly Caller NoRole = new("n", IsAdmin: false);

    private CredentialsDecryptService Service(params string[] roles) => Service(false, roles);

    private CredentialsDecryptService Service(bool allowEnc, params string[] roles) => new(
        _directus,
        new CredentialsCipherProvider(Keyring),
        Options.Create(roles.Length == 0
            ? new CredentialsDecryptOptions { AllowEnc = allowEnc }
            : new CredentialsDecryptOptions { DecryptRoles = roles, AllowEnc = allowEnc }),
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
    public async Task With_the_switch_on_an_envelope_opens_with_its_format_and_key_and_no_Directus_request()
    {
        var result = await Service(allowEnc: true).DecryptAsync(Worker, new DecryptRequest(Envelope(("sess", "s3cret")), null, null), CancellationToken.None);

        Assert.Equal("v1", result.Format);
        Assert.Equal("current", result.Key);
        Assert.Equal(Keyring.CurrentFingerprint, result.KeyFingerprint);
        Assert.Equal("s3cret", result.Credentials["sess"]);
        Assert.DoesNotContain("s3cret", result.ToString());
        Assert.Empty(_directus.ReceivedCalls());
    }

    [Theory]
    [InlineData(true, true, null, "not both")]
    [InlineData(false, false, null, "Give 'profile_id'")]
    [InlineData(true, false, "cookies", "'source' and 'job_id' apply to 'profile_id' only")]
    public async Task The_request_names_exactly_one_thing(bool enc, bool profile, string? source, string says)
    {
        var request = new DecryptRequest(enc ? Envelope(("a", "b")) : null, profile ? ProfileId : null, source);

        var refused = await Assert.ThrowsAsync<CredentialsEndpointRefusedException>(() => Service(allowEnc: true).DecryptAsync(Worker, request, CancellationToken.None));

        Assert.Equal(CredentialsEndpointRefusal.InvalidRequest, refused.Refusal);
        Assert.Contains(says, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_enc_is_an_invalid_request_that_says_why_without_the_value()
    {
        var text = Envelope(("password", "hunter2")).GetProperty("enc").GetString()!;
        var tampered = JsonSerializer.SerializeToElement(text[..^6] + (text[^6] == 'A' ? "B" : "A") + text[^5..]);

        var refused = await Assert.ThrowsAsync<CredentialsEndpointRefusedException>(() =>
            Service(allowEnc: true).DecryptAsync(Worker, new DecryptRequest(tampered, null, null), CancellationToken.None));

        Assert.Equal(CredentialsEndpointRefusal.InvalidRequest, refused.Refusal);
        Assert.NotNull(refused.ReadStatus);
        Assert.DoesNotContain(text[10..30], refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_key_the_worker_is_told_so_and_everyone_else_still_gets_403()
    {
        var service = new CredentialsDecryptService(_directus, new CredentialsCipherProvider(null), Options.Create(new CredentialsDecryptOptions()), TimeProvider.System);

        var worker = await Assert.ThrowsAsync<CredentialsEndpointRefusedException>(() => service.DecryptAsync(Worker, new DecryptRequest(null, ProfileId, null, JobId), CancellationToken.None));
        var alice = await Assert.ThrowsAsync<CredentialsEndpointRefusedException>(() => service.DecryptAsync(Alice, new DecryptRequest(null, ProfileId, null), CancellationToken.None));

        Assert.Equal(CredentialsEndpointRefusal.NotConfigured, worker.Refusal);
        Assert.Equal(CredentialsEndpointRefusal.Forbidden, alice.Refusal);
        Assert.Empty(_directus.ReceivedCalls());
    }
}
