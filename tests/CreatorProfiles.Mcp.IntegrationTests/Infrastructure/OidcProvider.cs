using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

/// <summary>
/// The test OpenID provider (tests/clients/oidc/provider.mjs, oidc-provider on Node 22) as a process, issuing tokens
/// for <see cref="Resources"/>. It signs with an RSA key this class generated (<see cref="SigningKey"/>), so a test can
/// also sign a token that differs from a real one in exactly one way. Token flows are in OidcProvider.Flows.cs.
/// </summary>
public sealed partial class OidcProvider : IAsyncDisposable
{
    public const string WorkerClientId = "creator-profiles-worker";
    public const string WorkerSecret = "worker-secret-for-tests";
    public const string DirectusClientId = "directus";
    public const string DirectusSecret = "directus-secret-for-tests";

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly string _keyFile;
    private readonly HttpClient _http;

    private OidcProvider(Process process, string keyFile, RsaSecurityKey signingKey, IReadOnlyList<string> resources)
    {
        _process = process;
        _keyFile = keyFile;
        SigningKey = signingKey;
        Resources = resources;
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    }

    /// <summary>e.g. http://127.0.0.1:41234 (the issuer, no trailing slash).</summary>
    public string Issuer { get; private set; } = null!;

    /// <summary>The provider's own signing key (kid oidc-test-key), private part included.</summary>
    public RsaSecurityKey SigningKey { get; }

    public IReadOnlyList<string> Resources { get; }

    public string Output => string.Join('\n', _output);

    public static Task<OidcProvider> StartAsync(params string[] resources) => StartAsync(null, resources);

    /// <summary>With the confidential client "directus" / <see cref="DirectusSecret"/> for Directus SSO, whose redirect
    /// URI is <paramref name="directusCallback"/> (e.g. http://127.0.0.1:PORT/auth/login/oidc/callback).</summary>
    public static Task<OidcProvider> StartForDirectusAsync(string directusCallback, params string[] resources) =>
        StartAsync(directusCallback, resources);

    private static async Task<OidcProvider> StartAsync(string? directusCallback, string[] resources)
    {
        _ = Node22.Installed(RepoPaths.OidcProviderDir, "oidc-provider/package.json"); // a clear message when npm ci was not run
        var rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(rsa) { KeyId = "oidc-test-key" };
        var keyFile = Path.Combine(Path.GetTempPath(), "creatorprofiles-oidc-key-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(keyFile, PrivateJwk(rsa, key.KeyId));

        var start = new ProcessStartInfo(await Node22.PathAsync())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.OidcProviderDir,
        };
        start.ArgumentList.Add(Path.Combine(RepoPaths.OidcProviderDir, "provider.mjs"));
        start.Environment["OIDC_RESOURCES"] = string.Join(',', resources);
        start.Environment["OIDC_KEY_FILE"] = keyFile;
        start.Environment["OIDC_WORKER_SECRET"] = WorkerSecret;
        if (directusCallback is not null)
        {
            start.Environment["OIDC_DIRECTUS_REDIRECT_URI"] = directusCallback;
            start.Environment["OIDC_DIRECTUS_SECRET"] = DirectusSecret;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the OpenID provider");
        var provider = new OidcProvider(process, keyFile, key, resources);
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Collect(string? line)
        {
            if (line is null)
            {
                ready.TrySetException(new InvalidOperationException("the OpenID provider exited:\n" + provider.Output));
                return;
            }

            provider._output.Enqueue(line);
            const string marker = "oidc provider ready at ";
            if (line.StartsWith(marker, StringComparison.Ordinal))
            {
                ready.TrySetResult(line[marker.Length..].Trim());
            }
        }

        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) provider._output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        provider.Issuer = await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return provider;
    }


    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _http.Dispose();
        File.Delete(_keyFile);
    }

    private static string PrivateJwk(RSA rsa, string keyId)
    {
        var p = rsa.ExportParameters(includePrivateParameters: true);
        static string B64(byte[]? bytes) => Base64UrlEncoder.Encode(bytes!);
        return new JsonObject
        {
            ["kty"] = "RSA", ["kid"] = keyId, ["n"] = B64(p.Modulus), ["e"] = B64(p.Exponent), ["d"] = B64(p.D),
            ["p"] = B64(p.P), ["q"] = B64(p.Q), ["dp"] = B64(p.DP), ["dq"] = B64(p.DQ), ["qi"] = B64(p.InverseQ),
        }.ToJsonString();
    }

    private static string Form(params (string Name, string Value)[] fields) =>
        string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Name) + "=" + Uri.EscapeDataString(f.Value)));

    private static string Pkce(out string verifier)
    {
        verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        return Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
    }
}
