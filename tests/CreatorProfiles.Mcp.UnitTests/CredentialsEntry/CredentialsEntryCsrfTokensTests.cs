using CreatorProfiles.Mcp.CredentialsEntry;

namespace CreatorProfiles.Mcp.UnitTests.CredentialsEntry;

/// <summary>The entry page's CSRF tokens: per link, reused across reloads, bounded, forgotten with the link.</summary>
public sealed class CredentialsEntryCsrfTokensTests
{
    private const string Link = "link-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string OtherLink = "link-token-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    private readonly ManualClock _clock = new();
    private readonly CredentialsEntryCsrfTokens _tokens;

    public CredentialsEntryCsrfTokensTests() => _tokens = new CredentialsEntryCsrfTokens(_clock);

    private DateTimeOffset Expires => _clock.Now.AddMinutes(10);

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void A_token_is_32_random_bytes_in_base64url_and_only_works_for_its_link()
    {
        var csrf = _tokens.Issue(Link, known: null, Expires);

        Assert.Equal(43, csrf.Length);
        Assert.All(csrf, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
        Assert.True(_tokens.IsIssued(Link, csrf));
        Assert.False(_tokens.IsIssued(OtherLink, csrf));
        Assert.NotEqual(csrf, _tokens.Issue(OtherLink, known: null, Expires));
    }

    [Fact]
    public void Wrong_or_missing_tokens_are_not_issued()
    {
        _ = _tokens.Issue(Link, known: null, Expires);

        foreach (var csrf in new[] { null, "", "guess", new string('A', 43), new string('A', 200) })
        {
            Assert.False(_tokens.IsIssued(Link, csrf));
        }
    }

    [Fact]
    public void A_reload_with_the_cookie_keeps_the_token_and_a_foreign_one_gets_a_fresh_token()
    {
        var csrf = _tokens.Issue(Link, known: null, Expires);

        Assert.Equal(csrf, _tokens.Issue(Link, csrf, Expires));
        var fresh = _tokens.Issue(Link, "not issued", Expires);
        Assert.NotEqual(csrf, fresh);
        Assert.True(_tokens.IsIssued(Link, csrf)); // two tabs keep working
        Assert.True(_tokens.IsIssued(Link, fresh));
    }

    [Fact]
    public void Only_the_last_five_renders_submit()
    {
        var first = _tokens.Issue(Link, known: null, Expires);
        var later = Enumerable.Range(0, CredentialsEntryCsrfTokens.KeptPerLink).Select(_ => _tokens.Issue(Link, known: null, Expires)).ToList();

        Assert.False(_tokens.IsIssued(Link, first));
        Assert.All(later, csrf => Assert.True(_tokens.IsIssued(Link, csrf)));
    }

    [Fact]
    public void Tokens_are_forgotten_with_the_link_or_when_it_expires()
    {
        var csrf = _tokens.Issue(Link, known: null, Expires);
        _ = _tokens.Issue(OtherLink, known: null, _clock.Now.AddMinutes(1));

        _tokens.Forget(Link);
        Assert.False(_tokens.IsIssued(Link, csrf));
        Assert.Equal(1, _tokens.Links);

        _clock.Now = _clock.Now.AddMinutes(1);
        Assert.Equal(0, _tokens.Links);
    }
}
