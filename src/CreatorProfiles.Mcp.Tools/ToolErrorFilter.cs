using CreatorProfiles.Mcp.Domain;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.Tools;

/// <summary>
/// The one place where failures become tool results (<c>isError: true</c>) the agent can act on. Domain refusals and
/// Directus errors carry messages written for that; anything else is logged (to stderr) and answered with a generic
/// message, so no stack trace or internal detail ever reaches the model.
/// </summary>
public static class ToolErrorFilter
{
    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Wrap(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (request, cancellationToken) =>
        {
            if (request.MatchedPrimitive is null)
            {
                // No such tool (one that is off was answered by ToolAvailability). Answered here, not by the SDK, whose
                // "Unknown tool" error and log line carry the made-up name in full: here it is shortened and cleaned.
                throw new McpProtocolException($"Unknown tool: '{EchoedName.Of(request.Params?.Name)}'.", McpErrorCode.InvalidParams);
            }

            if (request.MatchedPrimitive is McpServerTool tool
                && ArgumentShape.FindProblem(tool.ProtocolTool.Name, tool.ProtocolTool.InputSchema, request.Params?.Arguments) is { } problem)
            {
                return Error(problem);
            }

            try
            {
                return await next(request, cancellationToken);
            }
            catch (DomainException e)
            {
                return Error(e.Message);
            }
            catch (Exception e) when (e is not (OperationCanceledException or McpProtocolException or InputRequiredException))
            {
                // McpProtocolException is a protocol answer, passed through as the SDK sends it; InputRequiredException
                // is the SDK's way to answer input_required (a multi round-trip call), not a failure.
                var logger = request.Services?.GetService(typeof(ILoggerFactory)) is ILoggerFactory factory
                    ? factory.CreateLogger(typeof(ToolErrorFilter))
                    : null;
                logger?.LogError("Tool {Tool} failed unexpectedly: {ExceptionType}", EchoedName.Of(request.Params?.Name), e.GetType().Name);
                return Error($"'{EchoedName.Of(request.Params?.Name)}' failed unexpectedly on the server. Nothing was changed by this message; try again, and report it if it repeats.");
            }
        };

    private static CallToolResult Error(string message) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = message }],
    };
}
