using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using CreatorProfiles.Mcp.Domain.Credentials.Entry;
using CreatorProfiles.Mcp.Domain.Validation;

namespace CreatorProfiles.Mcp.CredentialsEntry;

/// <summary>
/// The entry page's markup: plain HTML and one inline style sheet (allowed by its hash in the CSP), no script at all.
/// Every dynamic text is HTML-encoded; no submitted value is ever written into a page.
/// </summary>
internal static class CredentialsEntryHtml
{
    public const string CsrfField = "csrf_token";
    public const string EmailField = "email";
    public const string UsernameField = "username";
    public const string PasswordField = "password";
    public const int ExtraFields = 2;

    public static string ExtraNameField(int i) => $"extra_name_{i}";

    public static string ExtraValueField(int i) => $"extra_value_{i}";

    private const string Css = """
        :root{color-scheme:light dark;--bg:#f3f4f6;--card:#fff;--fg:#1c2230;--muted:#5a6372;--line:#d4d8df;--field:#fbfbfc;--accent:#2e59d0;--ok:#1d7a4b;--bad:#b3261e}
        @media (prefers-color-scheme:dark){:root{--bg:#14171c;--card:#1e232a;--fg:#e6e9ef;--muted:#9aa3b1;--line:#353c47;--field:#171b21;--accent:#7d9dff;--ok:#5cc08a;--bad:#ff8a80}}
        *{box-sizing:border-box}
        body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
        main{max-width:31rem;margin:2.5rem auto;padding:2rem 2rem 1.5rem;background:var(--card);border:1px solid var(--line);border-radius:14px;box-shadow:0 1px 3px rgba(0,0,0,.06)}
        h1{font-size:1.35rem;line-height:1.3;margin:0 0 .35rem}
        .who{margin:0 0 1.25rem;color:var(--muted)}
        .badge{display:inline-block;padding:0 .55rem;margin-right:.35rem;border:1px solid var(--line);border-radius:999px;font-size:.85rem;color:var(--fg)}
        label{display:block;font-weight:600;margin:1rem 0 .3rem}
        input{width:100%;padding:.6rem .7rem;font:inherit;color:inherit;background:var(--field);border:1px solid var(--line);border-radius:8px}
        input:focus{outline:2px solid var(--accent);outline-offset:1px;border-color:transparent}
        .pair{display:grid;grid-template-columns:2fr 3fr;gap:.5rem;margin-top:.6rem}
        details{margin-top:1.25rem;border-top:1px solid var(--line);padding-top:.9rem}
        summary{cursor:pointer;color:var(--accent)}
        button{margin-top:1.5rem;width:100%;padding:.75rem;font:inherit;font-weight:600;color:#fff;background:var(--accent);border:0;border-radius:8px;cursor:pointer}
        .note{font-size:.9rem;color:var(--muted);margin:.4rem 0 0}
        .error{margin:0 0 1rem;padding:.7rem .9rem;border:1px solid var(--bad);border-radius:8px;color:var(--bad)}
        .ok{color:var(--ok)}
        footer{margin-top:1.5rem;padding-top:.8rem;border-top:1px solid var(--line);font-size:.85rem;color:var(--muted)}
        """;

    /// <summary>The CSP source that allows exactly the style sheet above, and nothing else inline.</summary>
    public static string StyleHash { get; } = "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Css))) + "'";

    public static string Form(CredentialsEntryTarget target, DateTimeOffset expiresAt, string csrfToken, string? error)
    {
        var body = new StringBuilder();
        body.Append("<h1>Sign-in details for ").Append(E(target.Username)).Append("</h1>\n")
            .Append("<p class=\"who\"><span class=\"badge\">").Append(E(target.Platform)).Append("</span>creator profile</p>\n");
        if (error is not null)
        {
            body.Append("<p class=\"error\" role=\"alert\">").Append(E(error)).Append("</p>\n");
        }

        body.Append("<p>Type this account's sign-in details. They go straight to the Creator Profiles server, which encrypts them " +
            "(AES-256-GCM) and stores them on the profile. The assistant never sees them, and this page never shows them again.</p>\n");
        if (target.HasCredentials)
        {
            body.Append("<p class=\"note\">This profile already has stored credentials: saving replaces them.</p>\n");
        }

        var max = ArgumentRules.MaxCredentialValueLength.ToString(CultureInfo.InvariantCulture);
        body.Append("<form method=\"post\" autocomplete=\"off\">\n")
            .Append("<input type=\"hidden\" name=\"").Append(CsrfField).Append("\" value=\"").Append(E(csrfToken)).Append("\">\n")
            .Append("<label for=\"email\">Email</label>\n")
            .Append("<input id=\"email\" name=\"").Append(EmailField).Append("\" type=\"email\" autocomplete=\"off\" spellcheck=\"false\" maxlength=\"").Append(max).Append("\">\n")
            .Append("<label for=\"username\">Username</label>\n")
            .Append("<input id=\"username\" name=\"").Append(UsernameField).Append("\" type=\"text\" autocomplete=\"off\" autocapitalize=\"none\" spellcheck=\"false\" maxlength=\"").Append(max).Append("\">\n")
            .Append("<p class=\"note\">Whichever the platform signs in with; at least one of the two.</p>\n")
            .Append("<label for=\"password\">Password</label>\n")
            .Append("<input id=\"password\" name=\"").Append(PasswordField).Append("\" type=\"password\" autocomplete=\"off\" required maxlength=\"").Append(max).Append("\">\n")
            .Append("<details>\n<summary>Extra fields (optional), e.g. a TOTP secret</summary>\n");
        for (var i = 1; i <= ExtraFields; i++)
        {
            body.Append("<div class=\"pair\">")
                .Append("<input name=\"").Append(ExtraNameField(i)).Append("\" aria-label=\"Extra field ").Append(i).Append(" name\" placeholder=\"name\" ")
                .Append("autocomplete=\"off\" spellcheck=\"false\" maxlength=\"").Append(ArgumentRules.MaxCredentialNameLength).Append("\" pattern=\"[A-Za-z0-9._\\-]+\">")
                .Append("<input name=\"").Append(ExtraValueField(i)).Append("\" aria-label=\"Extra field ").Append(i).Append(" value\" type=\"password\" placeholder=\"value\" ")
                .Append("autocomplete=\"off\" maxlength=\"").Append(max).Append("\">")
                .Append("</div>\n");
        }

        body.Append("<p class=\"note\">Field names: letters, digits, '.', '_' or '-'.</p>\n</details>\n")
            .Append("<button type=\"submit\">Encrypt and store</button>\n</form>\n")
            .Append("<footer>This link works once and expires at ").Append(E(Time(expiresAt))).Append(".</footer>\n");
        return Page($"Sign-in details for {target.Platform} / {target.Username}", body.ToString());
    }

    public static string Stored(CredentialsEntryTarget target, IReadOnlyList<string> fields)
    {
        var body = new StringBuilder();
        body.Append("<h1 class=\"ok\">Stored</h1>\n")
            .Append("<p class=\"who\"><span class=\"badge\">").Append(E(target.Platform)).Append("</span>").Append(E(target.Username)).Append("</p>\n")
            .Append("<p>The credentials were encrypted and stored on this profile. Fields stored: ")
            .AppendJoin(", ", fields.Select(f => "<strong>" + E(f) + "</strong>"))
            .Append(".</p>\n")
            .Append("<p>This link no longer works. You can close this tab and tell the assistant you are done.</p>\n");
        return Page("Stored", body.ToString());
    }

    public static string Message(string title, string message, CredentialsEntryTarget? target = null)
    {
        var body = new StringBuilder();
        body.Append("<h1>").Append(E(title)).Append("</h1>\n");
        if (target is not null)
        {
            body.Append("<p class=\"who\"><span class=\"badge\">").Append(E(target.Platform)).Append("</span>").Append(E(target.Username)).Append("</p>\n");
        }

        body.Append("<p>").Append(E(message)).Append("</p>\n");
        return Page(title, body.ToString());
    }

    private static string Page(string title, string body) =>
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" +
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
        "<meta name=\"referrer\" content=\"no-referrer\">\n<meta name=\"robots\" content=\"noindex\">\n" +
        "<title>" + E(title) + "</title>\n<style>" + Css + "</style>\n</head>\n<body>\n<main>\n" + body + "</main>\n</body>\n</html>\n";

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm:ss 'UTC on' yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string E(string text) => HtmlEncoder.Default.Encode(text);
}
