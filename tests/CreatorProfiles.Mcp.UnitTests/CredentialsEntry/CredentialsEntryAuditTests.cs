using CreatorProfiles.Mcp.CredentialsEntry;
using CreatorProfiles.Mcp.Domain.Credentials.Entry;

namespace CreatorProfiles.Mcp.UnitTests.CredentialsEntry;

public sealed class CredentialsEntryAuditTests
{
    private static readonly CredentialsEntryTarget Target = new("3f2b8c1e-5d4a-4b6f-9e21-7c0d5a9b1f42", "onlyfans", "someone", HasCredentials: false);

    [Fact]
    public void Every_refusal_kind_and_every_way_a_link_closes_has_its_own_outcome()
    {
        var refusals = Enum.GetValues<CredentialsEntryResult>()
            .Where(k => k is not (CredentialsEntryResult.Open or CredentialsEntryResult.Stored or CredentialsEntryResult.Gone))
            .Select(k => CredentialsEntryAudit.Of(new CredentialsEntryOutcome(k, Target, null)));
        var closed = Enum.GetValues<CredentialsEntryCloseReason>()
            .Select(r => CredentialsEntryAudit.Of(new CredentialsEntryOutcome(CredentialsEntryResult.Gone, Target, null, r)));

        var outcomes = refusals.Concat(closed).ToList();

        Assert.Equal(outcomes.Count, outcomes.Distinct().Count());
        Assert.DoesNotContain("ok", outcomes);
        Assert.Contains("csrf_failed", outcomes);
        Assert.Contains("expired_link", outcomes);
        Assert.Contains("used_link", outcomes);
        Assert.Contains("bad_link", outcomes);
        Assert.Contains("invalid_input", outcomes);
        Assert.Equal("ok", CredentialsEntryAudit.Of(new CredentialsEntryOutcome(CredentialsEntryResult.Stored, Target, null)));
    }

    [Fact]
    public void A_refusal_before_the_form_is_read_still_names_the_links_owner_and_profile()
    {
        var audit = new CredentialsEntryAudit();
        audit.Identify(new CredentialsEntryOutcome(CredentialsEntryResult.Open, Target, null) { OwnerId = "owner" });
        audit.Outcome = "cross_origin";

        Assert.Equal(("owner", Target.ProfileId), (audit.OwnerId, audit.ProfileId)); // the refusal's outcome does not lose them
    }
}
