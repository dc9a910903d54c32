using Portal.Punchout.Cxml;

namespace Portal.Punchout.Transport;

/// <summary>One cXML request on its way to its handler.</summary>
/// <param name="Document">The document as read.</param>
/// <param name="Sender">The authenticated sender.</param>
/// <param name="BaseUrl">The public base URL of this installation (no trailing slash).</param>
/// <param name="EndpointUrl">The public URL of the cXML endpoint.</param>
/// <param name="SupportedRequests">The request names that have a handler, in registration order.</param>
/// <param name="Attachments">The MIME parts after the document when it came as multipart/related (else none).</param>
public sealed record CxmlRequestContext(CxmlDocument Document, CxmlSender Sender, string BaseUrl, string EndpointUrl, IReadOnlyList<string> SupportedRequests,
    IReadOnlyList<CxmlAttachment>? Attachments = null)
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
