using CreatorProfiles.Mcp.Hosting;
using Microsoft.AspNetCore.Http;

namespace CreatorProfiles.Mcp.Http;

/// <summary>
/// The HTTP side of <see cref="LoneSurrogateEscapes"/>: an MCP POST body is read whole (Kestrel's body limit
/// applies) and its escaped lone surrogates become <c>\uFFFD</c> before the SDK reads it, so a tool call holding one is
/// refused by argument name instead of getting a bare JSON-RPC "An error occurred.". Runs after authorization, so
/// only callers with a valid token make the server buffer a body.
/// </summary>
internal static class LoneSurrogateBodies
{
    public static async Task RewriteAsync(HttpContext context, RequestDelegate next)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Path.StartsWithSegments("/mcp"))
        {
            await next(context);
            return;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        LoneSurrogateEscapes.ReplaceInPlace(body.GetBuffer().AsSpan(0, (int)body.Length));
        body.Position = 0;
        var original = context.Request.Body;
        context.Request.Body = body;
        try
        {
            await next(context);
        }
        finally
        {
            context.Request.Body = original;
        }
    }
}
