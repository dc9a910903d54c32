namespace Portal.Api.Features.AccessLog;

/// <summary>
/// What a request changed that the access log must say beyond method and path (a role change with the
/// roles before and after). Set by the service that made the change; written by <see cref="AccessLogMiddleware"/>.
/// Never secrets.
/// </summary>
public sealed class AccessLogNote
{
    public const int MaxLength = 2000;

    public string? Detail { get; private set; }

    public void Set(string detail) => Detail = detail.Length <= MaxLength ? detail : detail[..MaxLength];
}
