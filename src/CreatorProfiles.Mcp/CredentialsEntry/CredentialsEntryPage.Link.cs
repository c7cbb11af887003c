using CreatorProfiles.Mcp.Domain.Credentials.Entry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CreatorProfiles.Mcp.CredentialsEntry;

/// <summary>A request for a link: the form (GET) or its submission (POST), with the links possibly kept in Redis.</summary>
internal sealed partial class CredentialsEntryPage
{
    /// <summary>The form or its submission; when the links' shared state (Redis) does not answer, nothing is shown or
    /// stored: the page says so (503) and the link stays as it was.</summary>
    private async Task AnswerLinkAsync(HttpContext context, string token, CredentialsEntryAudit audit)
    {
        try
        {
            if (HttpMethods.IsPost(context.Request.Method))
            {
                await SubmitAsync(context, token, audit);
                return;
            }

            var opened = await links.OpenAsync(token, context.RequestAborted);
            audit.Record(opened);
            await ShowAsync(context, token, opened, StatusCodes.Status200OK, context.Request.Cookies[CsrfCookie], submitted: null);
        }
        catch (SharedStateUnavailableException)
        {
            audit.Outcome = "unavailable";
            logger.LogWarning("Credentials entry: the links' shared state is unavailable; the page answered 503");
            await WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
                CredentialsEntryHtml.Message(CredentialsEntryWording.UnavailableTitle, CredentialsEntryWording.Unavailable));
        }
    }
}
