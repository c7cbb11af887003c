using System.Globalization;
using CreatorProfiles.Mcp.Domain.Credentials.Entry;
using CreatorProfiles.Mcp.Domain.Validation;
using Microsoft.AspNetCore.Http;

namespace CreatorProfiles.Mcp.CredentialsEntry;

/// <summary>Reads the entry page's posted fields into a <see cref="CredentialsEntryForm"/>.</summary>
internal static class CredentialsEntryFormReader
{
    /// <summary>
    /// The form's fields as credentials: email and username (trimmed), password (as typed: spaces may matter), and up to
    /// two extra name/value pairs. Empty fields are left out. <see cref="CredentialsEntryForm.Problem"/> says what is
    /// missing or malformed, naming fields, never quoting a value.
    /// </summary>
    public static CredentialsEntryForm ReadCredentials(IFormCollection form)
    {
        var credentials = new Dictionary<string, string?>(StringComparer.Ordinal);
        string? problem = null;
        void Refuse(string text) => problem ??= text;

        if (Single(form, CredentialsEntryHtml.EmailField)?.Trim() is { Length: > 0 } email)
        {
            credentials[CredentialsEntryHtml.EmailField] = email;
        }

        if (Single(form, CredentialsEntryHtml.UsernameField)?.Trim() is { Length: > 0 } username)
        {
            credentials[CredentialsEntryHtml.UsernameField] = username;
        }

        if (credentials.Count == 0)
        {
            Refuse("Type the email or the username the account signs in with (or both).");
        }

        if (Single(form, CredentialsEntryHtml.PasswordField) is { Length: > 0 } password)
        {
            credentials[CredentialsEntryHtml.PasswordField] = password;
        }
        else
        {
            Refuse("Type the password.");
        }

        for (var i = 1; i <= CredentialsEntryHtml.ExtraFields; i++)
        {
            var name = Single(form, CredentialsEntryHtml.ExtraNameField(i))?.Trim() ?? "";
            var value = Single(form, CredentialsEntryHtml.ExtraValueField(i)) ?? "";
            var which = i.ToString(CultureInfo.InvariantCulture);
            if (name.Length == 0 && value.Length == 0)
            {
                continue;
            }

            if (name.Length == 0)
            {
                Refuse($"Extra field {which} has a value but no name.");
            }
            else if (name.Length > ArgumentRules.MaxCredentialNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                Refuse($"The name of extra field {which} may only use letters, digits, '.', '_' or '-' (at most {ArgumentRules.MaxCredentialNameLength}).");
            }
            else if (credentials.ContainsKey(name) || name is CredentialsEntryHtml.EmailField or CredentialsEntryHtml.UsernameField or CredentialsEntryHtml.PasswordField)
            {
                Refuse($"The name of extra field {which} repeats another field's name.");
            }
            else if (value.Length == 0)
            {
                Refuse($"Extra field {which} has a name but no value.");
            }
            else
            {
                credentials[name] = value;
            }
        }

        if (credentials.Values.Any(v => v!.Length > ArgumentRules.MaxCredentialValueLength))
        {
            Refuse($"A value is longer than {ArgumentRules.MaxCredentialValueLength} characters.");
        }

        return new CredentialsEntryForm(Verified: false, credentials, problem);
    }

    /// <summary>The field's value when it was sent exactly once, else null.</summary>
    public static string? Single(IFormCollection form, string key) =>
        form.TryGetValue(key, out var values) && values.Count == 1 ? values[0] : null;
}
