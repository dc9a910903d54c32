using System.Runtime.InteropServices;
using Portal.Api;
using Portal.Api.Hosting;

// A transient database failure while the host starts (migrations, the scheduler registering its jobs or
// joining the cluster) must not end the process: the host is disposed and built again, with growing pauses.
// A started host may ask for the same (HostRestart), e.g. when the scheduler could not start. A stop signal
// ends the loop.
var terminating = false;
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => terminating = true);
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => terminating = true);
var pause = TimeSpan.FromMilliseconds(500);
for (var attempt = 1; ; attempt++)
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddPortal();
    var app = builder.Build();
    try
    {
        await app.InitializePortalAsync();
        app.UsePortal();
        await app.RunAsync();
        if (terminating || !app.Services.GetRequiredService<HostRestart>().Requested)
        {
            return;
        }
        app.Logger.LogWarning("The host stopped to restart (attempt {Attempt}); building it again", attempt);
    }
    catch (Exception exception) when (!terminating && HostRestart.IsTransient(exception) && attempt < 30)
    {
        app.Logger.LogWarning(exception, "The host failed to start on a transient database error (attempt {Attempt}); building it again in {Pause}", attempt, pause);
    }
    finally
    {
        await app.DisposeAsync();
    }
    await Task.Delay(pause);
    pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(15).Ticks));
}

/// <summary>The entry point; public so that tests can host it through WebApplicationFactory.</summary>
public partial class Program;
