using System.Diagnostics;

namespace Portal.Client;

/// <summary>The names under which the client traces and logs.</summary>
public static class PortalDiagnostics
{
    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> (add it to your OpenTelemetry tracer: <c>.AddSource("Portal.Client")</c>).</summary>
    public const string ActivitySourceName = "Portal.Client";

    /// <summary>One span per operation call (retries included), with the operation name and the answer's status.</summary>
    public static ActivitySource ActivitySource { get; } = new(ActivitySourceName, typeof(PortalDiagnostics).Assembly.GetName().Version?.ToString(3));
}
