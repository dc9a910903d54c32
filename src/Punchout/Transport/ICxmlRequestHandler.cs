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
