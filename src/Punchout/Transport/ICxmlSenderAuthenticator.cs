using Portal.Punchout.Cxml;

namespace Portal.Punchout.Transport;

/// <summary>
/// The authenticated party of a cXML document: the buyer credential that matched and the supplier (To)
/// credential. Hosts derive from it to carry their own account record to their handlers.
/// </summary>
/// <param name="Buyer">The From (or Sender) credential that identified the buyer.</param>
/// <param name="Supplier">The first To credential, if any.</param>
public record CxmlSender(CxmlCredential Buyer, CxmlCredential? Supplier);

/// <summary>
/// Port: finds the sender of a document by its credentials and checks the shared secret. Implemented by
/// the host (it owns the accounts); refuses with a 401 <see cref="CxmlStatusException"/>.
/// </summary>
public interface ICxmlSenderAuthenticator
{
    /// <summary>The authenticated sender of a document with this header.</summary>
    /// <param name="header">The document's Header (null when missing).</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    Task<CxmlSender> AuthenticateAsync(CxmlHeader? header, CancellationToken cancellationToken);
}
