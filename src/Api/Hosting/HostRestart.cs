namespace Portal.Api.Hosting;

/// <summary>
/// Lets a started host ask the entry point (Program.cs) to dispose it and build it again, for a failure a
/// fresh host recovers from but the running one cannot (Quartz's scheduler cannot be started again once its
/// start failed half-way). Under WebApplicationFactory (tests) the entry point runs as well, but the factory holds
/// only the first host it builds: a restart there would build a second, real host outside the factory, which no
/// test asks for.
/// </summary>
public sealed class HostRestart(IHostApplicationLifetime lifetime, ILogger<HostRestart> logger)
{
    public bool Requested { get; private set; }

    public void Request(string reason, Exception? cause = null)
    {
        logger.LogWarning(cause, "Restarting the host: {Reason}", reason);
        Requested = true;
        lifetime.StopApplication();
    }

    /// <summary>Whether a start-up failure is a transient database error (the host may be built again).</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsTransient),
        _ => TransientDbErrors.IsTransient(exception),
    };
}
