using Portal.Punchout.Cxml;

namespace Portal.Punchout.Transport;

/// <summary>
/// Serves one cXML request type (ProfileRequest, PunchOutSetupRequest, OrderRequest, …). Handlers are
/// registered with <see cref="CxmlTransportSetup.AddCxmlRequestHandler{TRequest, THandler}"/> and resolved per
/// request by the <see cref="CxmlDispatcher"/>, which has authenticated the sender before. A handler refuses
/// with <see cref="CxmlStatusException"/>; every other exception becomes a 500 (or 560 when transient).
/// </summary>
public interface ICxmlRequestHandler
{
    /// <summary>Answers the request: a Response document (a status, or a status and a body).</summary>
    /// <param name="request">The document, its authenticated sender and where the endpoint lives.</param>
    /// <param name="cancellationToken">Ends with the request or the time budget.</param>
    Task<CxmlDocument> HandleAsync(CxmlRequestContext request, CancellationToken cancellationToken);
}

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

/// <summary>One cXML request on its way to its handler.</summary>
/// <param name="Document">The document as read.</param>
/// <param name="Sender">The authenticated sender.</param>
/// <param name="BaseUrl">The public base URL of this installation (no trailing slash).</param>
/// <param name="EndpointUrl">The public URL of the cXML endpoint.</param>
/// <param name="SupportedRequests">The request names that have a handler, in registration order.</param>
public sealed record CxmlRequestContext(CxmlDocument Document, CxmlSender Sender, string BaseUrl, string EndpointUrl, IReadOnlyList<string> SupportedRequests)
{
    /// <summary>The host name used in answer payload ids.</summary>
    public string Host => new Uri(EndpointUrl).Host;

    /// <summary>The request, as its type.</summary>
    /// <typeparam name="TRequest">The request type the handler is registered for.</typeparam>
    public TRequest Request<TRequest>() where TRequest : CxmlRequest => (TRequest)Document.Request!;

    /// <summary>The sender, as the host's type.</summary>
    /// <typeparam name="TSender">The type the host's <see cref="ICxmlSenderAuthenticator"/> returns.</typeparam>
    public TSender SenderAs<TSender>() where TSender : CxmlSender => (TSender)Sender;
}
