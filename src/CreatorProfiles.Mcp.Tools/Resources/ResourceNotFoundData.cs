using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.Tools;

/// <summary>
/// The error for a resources/read of a URI no resource or template matches carries that URI in its data
/// (<c>error.data.uri</c>), as the 2026-07-28 revision asks, so a client can tell which of its reads failed. The SDK
/// raises the error; the data rides on the exception's <see cref="Exception.Data"/>, which the SDK sends as error data.
/// </summary>
internal static class ResourceNotFoundData
{
    /// <summary>Longer URIs are not echoed (the client has its own copy; the error stays small).</summary>
    private const int MaxEchoedLength = 2048;

    public static McpRequestHandler<ReadResourceRequestParams, ReadResourceResult> Filter(McpRequestHandler<ReadResourceRequestParams, ReadResourceResult> next) =>
        async (request, cancellationToken) =>
        {
            try
            {
                return await next(request, cancellationToken);
            }
            catch (McpProtocolException e) when (request.MatchedPrimitive is null
                && e.ErrorCode is McpErrorCode.ResourceNotFound or McpErrorCode.InvalidParams
                && request.Params?.Uri is { Length: <= MaxEchoedLength } uri)
            {
                e.Data["uri"] = uri;
                throw;
            }
        };
}
