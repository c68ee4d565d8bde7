using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ControlPlane.Http;

/// <summary>
/// Certificate checks against a CA file of the user's (ES_CA_CERT, KIBANA_CA_CERT): the server's chain must end at that
/// CA and the host name must still match. Checks stay on; only the trust anchor changes.
/// </summary>
public static class CustomCaTrust
{
    public static bool Trusts(X509Certificate2 ca, X509Certificate? cert, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None) return true;
        if (cert is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(cert.GetRawCertData());
        return chain.Build(leaf);
    }
}
