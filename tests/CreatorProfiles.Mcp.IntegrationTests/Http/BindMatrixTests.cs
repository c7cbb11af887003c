using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace CreatorProfiles.Mcp.IntegrationTests.Http;

/// <summary>
/// Where the HTTP server listens comes from --urls alone: ASP.NET's other sources of binds (variables, appsettings
/// files) are ignored with a warning, and an address off loopback needs TLS here or a proxy declared in front.
/// </summary>
[Collection(LocalDirectusCollection.Name)]
public sealed partial class BindMatrixTests(LocalDirectus directus, ITestOutputHelper output)
{
    [Fact]
    public async Task Endpoints_from_the_environment_are_ignored_and_each_variable_is_named_in_a_warning()
    {
        var ports = Enumerable.Range(0, 5).Select(_ => LoopbackPort.Free()).ToArray();
        var environment = directus.ServerEnvironment();
        environment["ASPNETCORE_URLS"] = $"http://0.0.0.0:{ports[0]}";
        environment["DOTNET_URLS"] = $"http://0.0.0.0:{ports[1]}";
        environment["ASPNETCORE_HTTP_PORTS"] = Port(ports[2]);
        environment["Kestrel__Endpoints__Main__Url"] = $"http://0.0.0.0:{ports[3]}";
        environment["ASPNETCORE_Kestrel__Endpoints__Other__Url"] = $"http://0.0.0.0:{ports[4]}";

        await using var server = await HttpServerProcess.StartAsync(environment);
        using var http = new HttpClient();
        using var live = await http.GetAsync(new Uri(server.BaseUri, "/healthz"));

        output.WriteLine(server.StandardError);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("127.0.0.1", server.BaseUri.Host);
        Assert.All(ports, port => Assert.False(IsListening(port), $"something listens on {port}, named only in the environment"));
        foreach (var name in new[] { "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "Kestrel__Endpoints__Main__Url", "ASPNETCORE_Kestrel__Endpoints__Other__Url" })
        {
            Assert.Contains($"Ignoring the variable {name}:", server.StandardError, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Appsettings_files_beside_the_binary_and_in_the_working_directory_are_ignored_with_a_warning()
    {
        var ports = Enumerable.Range(0, 2).Select(_ => LoopbackPort.Free()).ToArray();
        var workingDirectory = Directory.CreateTempSubdirectory("creatorprofiles-cwd-").FullName;
        var inWorkingDirectory = Path.Combine(workingDirectory, "appsettings.json");
        var besideBinary = Path.Combine(ServerFolder(), "appsettings.Production.json");
        File.WriteAllText(inWorkingDirectory, Appsettings(ports[0]));
        File.WriteAllText(besideBinary, Appsettings(ports[1]));
        try
        {
            await using var server = await HttpServerProcess.StartBoundAsync(directus.ServerEnvironment(), workingDirectory, "--urls", "http://127.0.0.1:0");

            output.WriteLine(server.StandardError);
            Assert.All(ports, port => Assert.False(IsListening(port), $"something listens on {port}, named only in an appsettings file"));
            Assert.Contains($"Ignoring the file {inWorkingDirectory}:", server.StandardError, StringComparison.Ordinal);
            Assert.Contains($"Ignoring the file {besideBinary}:", server.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(besideBinary);
            Directory.Delete(workingDirectory, recursive: true);
        }
    }

    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://[::]:0")]
    [InlineData("http://192.0.2.10:5180")]
    [InlineData("http://mcp.example.test:5180")]
    public async Task A_plain_HTTP_bind_off_loopback_is_refused_with_the_fix_in_the_message(string url)
    {
        var refused = await RunToExitAsync(directus.ServerEnvironment(), "--urls", url);

        output.WriteLine(refused.StandardError);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"--urls: '{url}' binds a non-loopback address in plain HTTP", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("--certificate <file>", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("--behind-proxy --trusted-proxies", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("--allowed-hosts: required", refused.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Serving MCP", refused.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_https_address_without_a_certificate_is_refused_naming_the_option()
    {
        var refused = await RunToExitAsync(directus.ServerEnvironment(), "--urls", "https://0.0.0.0:0", "--allowed-hosts", "127.0.0.1");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("is https, which needs --certificate <file>", refused.StandardError, StringComparison.Ordinal);
    }

    private static Task<ProcessResult> RunToExitAsync(Dictionary<string, string?> environment, params string[] arguments)
    {
        var (command, commandArguments) = ServerCommand.Get(["--transport", "http", .. arguments]);
        return ProcessRunner.RunAsync(command, commandArguments, environment, timeout: TimeSpan.FromSeconds(60));
    }

    /// <summary>Where the server's own files are: beside the tests, or the published binary's folder.</summary>
    private static string ServerFolder()
    {
        var (command, arguments) = ServerCommand.Get();
        return Path.GetDirectoryName(Path.GetFullPath(arguments.FirstOrDefault(a => a.EndsWith(".dll", StringComparison.Ordinal)) ?? command))!;
    }

    private static string Appsettings(int port) =>
        """{"Kestrel":{"Endpoints":{"Main":{"Url":"http://0.0.0.0:PORT"}}},"AllowedHosts":"*","ForwardedHeaders_Enabled":"true"}"""
            .Replace("PORT", Port(port), StringComparison.Ordinal);

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);


    private static bool IsListening(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
