using Portal.Punchout.Cxml;

namespace Portal.Punchout.Transport;

/// <summary>ProfileRequest: the request types this endpoint serves, all at the endpoint's own URL.</summary>
public sealed class ProfileRequestHandler : ICxmlRequestHandler
{
    /// <summary>The date the profile took effect (it changes when a request type is added).</summary>
    public static readonly DateTimeOffset EffectiveDate = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    /// <inheritdoc />
    public Task<CxmlDocument> HandleAsync(CxmlRequestContext request, CancellationToken cancellationToken) =>
        Task.FromResult(CxmlResponses.WithBody(
            new ProfileResponse(EffectiveDate, request.SupportedRequests.Select(name => new CxmlProfileTransaction(name, request.EndpointUrl)).ToList()),
            request.Host));
}
