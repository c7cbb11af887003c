using System.CommandLine;
using CreatorProfiles.Mcp.Configuration;
using CreatorProfiles.Mcp.Doctor;
using CreatorProfiles.Mcp.Hosting;
using CreatorProfiles.Mcp.Maintenance;
using Microsoft.Extensions.Configuration;

// Configuration comes from the environment (DESIGN.md section 5); the command line picks the mode.
var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();

var transport = new Option<string>("--transport")
{
    Description = "How MCP clients connect: stdio (default; the client launches this process).",
    DefaultValueFactory = _ => "stdio",
};
transport.AcceptOnlyFromAmong("stdio");

var root = new RootCommand("CreatorProfiles.Mcp: an MCP server for creator profiles stored in Directus.") { transport };
root.SetAction(async (_, cancellationToken) =>
{
    var settings = ServerSettings.Load(configuration);
    if (settings.Errors.Count > 0)
    {
        foreach (var error in settings.Errors)
        {
            await Console.Error.WriteLineAsync($"creator-profiles-mcp: configuration error: {error}");
        }

        await Console.Error.WriteLineAsync("creator-profiles-mcp: not started. Fix the variables above (`creator-profiles-mcp doctor` checks them).");
        return 2;
    }

    return await StdioServer.RunAsync(settings, cancellationToken);
});

var doctor = new Command("doctor", "Checks the configuration, Directus, the token, the schema and the encryption key; prints a fix for each failure.");
doctor.SetAction((_, cancellationToken) => DoctorCommand.RunAsync(ServerSettings.Load(configuration), Console.Out, cancellationToken));
root.Subcommands.Add(doctor);

// credentials migrate-legacy | rotate [--dry-run]: re-encrypt stored values in place (DESIGN.md section 4).
root.Subcommands.Add(CredentialsCommand.Create(configuration));

return await root.Parse(args).InvokeAsync();
