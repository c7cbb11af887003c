using CreatorProfiles.Mcp.Configuration;
using CreatorProfiles.Mcp.Http;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using static CreatorProfiles.Mcp.Doctor.DoctorCommand;

namespace CreatorProfiles.Mcp.Doctor;

/// <summary>
/// doctor, when OAUTH_AUTHORITY is set (--auth oauth): reads the provider's discovery document and signing keys the
/// way the JWT bearer handler will, and checks that the document names the same issuer and that at least one key
/// can verify a token with an allowed algorithm.
/// </summary>
internal static class DoctorOAuthCheck
{
    public const string Name = "oauth provider";

    public static async Task<CheckResult> RunAsync(string authority, CancellationToken cancellationToken)
    {
        var address = authority.TrimEnd('/') + "/.well-known/openid-configuration";
        var retriever = new HttpDocumentRetriever { RequireHttps = !new Uri(authority).IsLoopback };
        OpenIdConnectConfiguration discovery;
        try
        {
            discovery = await OpenIdConnectConfigurationRetriever.GetAsync(address, retriever, cancellationToken);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ArgumentException or HttpRequestException)
        {
            return CheckResult.Fail(Name, $"could not read {address}: {e.Message}",
                $"Set {ServerSettings.OAuthAuthorityVariable} to the provider's issuer URL (its discovery document is at <issuer>/.well-known/openid-configuration).");
        }

        if (!string.Equals(discovery.Issuer, authority, StringComparison.Ordinal))
        {
            return CheckResult.Fail(Name, $"the discovery document names the issuer '{discovery.Issuer}', not '{authority}': every token would be refused",
                $"Set {ServerSettings.OAuthAuthorityVariable} to exactly '{discovery.Issuer}'.");
        }

        var usable = discovery.SigningKeys.Count(key => OAuthBearer.AllowedAlgorithms.Any(algorithm => key.CryptoProviderFactory.IsSupportedAlgorithm(algorithm, key)));
        return usable == 0
            ? CheckResult.Fail(Name, $"{discovery.JwksUri} holds no RSA or EC signing key",
                $"The provider must sign access tokens with {string.Join(", ", OAuthBearer.AllowedAlgorithms)}.")
            : CheckResult.Pass(Name, $"issuer {discovery.Issuer}, {usable} signing key(s) at {discovery.JwksUri}");
    }
}
