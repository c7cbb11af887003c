using System.Text.Json;
using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.Tools;

/// <summary>
/// The one place where failures become tool results (<c>isError: true</c>) the agent can act on. Domain refusals and
/// Directus errors carry messages written for that; anything else is logged (to stderr) and answered with a generic
/// message, so no stack trace or internal detail ever reaches the model.
/// </summary>
internal static class ToolErrorFilter
{
    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Wrap(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (request, cancellationToken) =>
        {
            try
            {
                return await next(request, cancellationToken);
            }
            catch (DomainException e)
            {
                return Error(e.Message);
            }
            catch (DirectusException e)
            {
                return Error(e.Message);
            }
            catch (Exception e) when (IsArgumentBindingFailure(e))
            {
                // The SDK could not convert an argument to the declared type (a string for an integer, say).
                return Error($"Invalid arguments for '{request.Params?.Name}': an argument has the wrong JSON type. " +
                    "Check each argument against the tool's input schema (integers without quotes, booleans as true/false, text in quotes).");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var logger = request.Services?.GetService(typeof(ILoggerFactory)) is ILoggerFactory factory
                    ? factory.CreateLogger(typeof(ToolErrorFilter))
                    : null;
                logger?.LogError("Tool {Tool} failed unexpectedly: {ExceptionType}", request.Params?.Name, e.GetType().Name);
                return Error($"'{request.Params?.Name}' failed unexpectedly on the server. Nothing was changed by this message; try again, and report it if it repeats.");
            }
        };

    private static bool IsArgumentBindingFailure(Exception e) =>
        e is JsonException or ArgumentException or FormatException or InvalidCastException;

    private static CallToolResult Error(string message) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = message }],
    };
}
