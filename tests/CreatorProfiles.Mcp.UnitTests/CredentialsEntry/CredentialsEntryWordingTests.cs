using CreatorProfiles.Mcp.CredentialsEntry;
using CreatorProfiles.Mcp.Domain.Credentials.Entry;

namespace CreatorProfiles.Mcp.UnitTests.CredentialsEntry;

/// <summary>The page's sentences for the link store's outcomes: every close reason is told apart, and refusals say
/// that nothing was stored.</summary>
public sealed class CredentialsEntryWordingTests
{
    private static readonly CredentialsEntryTarget Target = new("00000000-0000-4000-8000-000000000010", "onlyfans", "creator10", HasCredentials: false);

    [Theory]
    [InlineData(CredentialsEntryCloseReason.Stored, "has been used")]
    [InlineData(CredentialsEntryCloseReason.Expired, "has expired")]
    [InlineData(CredentialsEntryCloseReason.Replaced, "replaced by a newer one")]
    [InlineData(CredentialsEntryCloseReason.Declined, "declined")]
    [InlineData(CredentialsEntryCloseReason.TooManyAttempts, "too many refused submissions")]
    [InlineData(CredentialsEntryCloseReason.ProfileUnavailable, "no longer exists or is no longer yours")]
    [InlineData(CredentialsEntryCloseReason.Failed, "This link is closed.")]
    public void Each_close_reason_has_its_sentence(CredentialsEntryCloseReason reason, string expected) =>
        Assert.Contains(expected, CredentialsEntryWording.Gone(reason));

    [Fact]
    public void A_refused_or_failed_submission_says_why_and_that_nothing_was_stored()
    {
        var form = new CredentialsEntryForm(Verified: true, new Dictionary<string, string?>(), Problem: "Type the password.");
        var invalid = new CredentialsEntryOutcome(CredentialsEntryResult.Invalid, Target, DateTimeOffset.UnixEpoch);

        Assert.Equal("Type the password. Nothing was stored.", CredentialsEntryWording.FormError(invalid, form));
        Assert.Equal("The values were refused: 'email' is too long. Nothing was stored.",
            CredentialsEntryWording.FormError(invalid with { Detail = "'email' is too long." }, form with { Problem = null }));
        Assert.Equal("The server could not store them right now. Nothing was stored; try again in a moment.",
            CredentialsEntryWording.FormError(invalid with { Kind = CredentialsEntryResult.Unavailable }, form));
        Assert.Equal("Directus is unavailable. Nothing was stored; try again in a moment.",
            CredentialsEntryWording.FormError(invalid with { Kind = CredentialsEntryResult.Unavailable, Detail = "Directus is unavailable." }, form));
        Assert.Null(CredentialsEntryWording.FormError(invalid with { Kind = CredentialsEntryResult.Open }, null));
        Assert.Contains("Nothing was stored", CredentialsEntryWording.Forbidden);
    }
}
