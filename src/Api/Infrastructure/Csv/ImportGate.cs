namespace Portal.Api.Infrastructure.Csv;

/// <summary>
/// At most <see cref="ImportLimitOptions.MaxConcurrentPerClient"/> CSV imports of one API client at a time
/// on this instance; one more is a 429 problem. Imports are the heaviest requests a caller can send, so one
/// client cannot occupy the instance with them.
/// </summary>
public sealed class ImportGate(IOptions<PortalOptions> options)
{
    private readonly Dictionary<string, int> _running = new(StringComparer.Ordinal);

    /// <summary>Enters the gate for <paramref name="clientId"/>; dispose the answer when the import ends.</summary>
    public IDisposable Enter(string clientId)
    {
        var max = options.Value.Imports.MaxConcurrentPerClient;
        lock (_running)
        {
            var running = _running.GetValueOrDefault(clientId);
            if (running >= max)
            {
                throw new TooManyConcurrentRequestsException(
                    $"At most {max} imports of one client run at the same time (limit maxConcurrentImports). Retry when one has finished.", 1);
            }
            _running[clientId] = running + 1;
        }
        return new Ticket(this, clientId);
    }

    private void Leave(string clientId)
    {
        lock (_running)
        {
            var running = _running.GetValueOrDefault(clientId);
            if (running <= 1)
            {
                _running.Remove(clientId);
            }
            else
            {
                _running[clientId] = running - 1;
            }
        }
    }

    private sealed class Ticket(ImportGate gate, string clientId) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                gate.Leave(clientId);
            }
        }
    }
}
