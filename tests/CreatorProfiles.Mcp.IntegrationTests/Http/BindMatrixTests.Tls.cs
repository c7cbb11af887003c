using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Http;

/// <summary>https:// off loopback with --certificate: a self-signed certificate made here, as PKCS#12 and as PEM.</summary>
public sealed partial class BindMatrixTests
{
    private const string InitializeBody =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""";

    [Theory]
    [InlineData("pfx")]
    [InlineData("pem")]
    public async Task An_https_bind_off_loopback_starts_with_a_certificate_and_serves_MCP_over_TLS(string format)
    {
        var password = "tls-" + Guid.NewGuid().ToString("N");
        using var certificate = SelfSigned();
        var path = WriteCertificate(certificate, format, password);
        var environment = directus.ServerEnvironment();
        environment["TLS_CERTIFICATE_PASSWORD"] = password;
        try
        {
            await using var server = await HttpServerProcess.StartBoundAsync(environment, "/",
                "--urls", "https://0.0.0.0:0", "--certificate", path, "--allowed-hosts", "127.0.0.1");
            string? presented = null;
            using var http = new HttpClient(new SocketsHttpHandler
            {
                SslOptions = { RemoteCertificateValidationCallback = (_, served, _, _) => (presented = served?.GetCertHashString()) == certificate.Thumbprint },
            });
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.LoopbackUri, "/mcp")) { Content = new StringContent(InitializeBody, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", directus.Stack["ALICE_TOKEN"]);
            request.Headers.Accept.ParseAdd("application/json, text/event-stream");

            using var answer = await http.SendAsync(request);

            Assert.Equal("https", server.BaseUri.Scheme);
            Assert.Equal(certificate.Thumbprint, presented);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.DoesNotContain(password, server.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_certificate_that_does_not_open_is_refused_without_echoing_the_password()
    {
        var password = "tls-" + Guid.NewGuid().ToString("N");
        using var certificate = SelfSigned();
        var path = WriteCertificate(certificate, "pfx", password);
        var environment = directus.ServerEnvironment();
        environment["TLS_CERTIFICATE_PASSWORD"] = "wrong-" + password;
        try
        {
            var refused = await RunToExitAsync(environment, "--urls", "https://127.0.0.1:0", "--certificate", path);

            Assert.Equal(2, refused.ExitCode);
            Assert.Contains($"--certificate: '{path}' could not be read", refused.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain(password, refused.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false)); // server authentication
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>The certificate with its key in a temporary file: PKCS#12, or PEM with an encrypted PKCS#8 key.</summary>
    private static string WriteCertificate(X509Certificate2 certificate, string format, string password)
    {
        var path = Path.Combine(Path.GetTempPath(), $"creatorprofiles-tls-{Guid.NewGuid():N}.{format}");
        if (format == "pfx")
        {
            File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        }
        else
        {
            var key = certificate.GetECDsaPrivateKey()!.ExportEncryptedPkcs8PrivateKeyPem(password,
                new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000));
            File.WriteAllText(path, certificate.ExportCertificatePem() + "\n" + key + "\n");
        }

        return path;
    }
}
