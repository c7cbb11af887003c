using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CreatorProfiles.Mcp.Http;

/// <summary>--certificate: the TLS certificate of the https:// addresses, read once at start.</summary>
internal static class ServerCertificate
{
    /// <summary>A PEM file (certificate and private key, the key encrypted when a password is given) or a PKCS#12
    /// file. Null with a one-line problem (never the password) when the file cannot serve TLS.</summary>
    public static X509Certificate2? Load(string path, string? password, out string? problem)
    {
        problem = null;
        try
        {
            var certificate = File.ReadAllText(path).Contains("-----BEGIN", StringComparison.Ordinal)
                ? string.IsNullOrEmpty(password) ? X509Certificate2.CreateFromPemFile(path) : X509Certificate2.CreateFromEncryptedPemFile(path, password)
                : X509CertificateLoader.LoadPkcs12FromFile(path, password);
            if (certificate.HasPrivateKey)
            {
                return certificate;
            }

            certificate.Dispose();
            problem = $"--certificate: '{path}' holds no private key; give the PKCS#12 file, or a PEM file with the certificate and its key.";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            problem = $"--certificate: '{path}' could not be read as a PKCS#12 file or a PEM certificate with its key ({e.GetType().Name}); " +
                "check the path and TLS_CERTIFICATE_PASSWORD.";
        }

        return null;
    }
}
