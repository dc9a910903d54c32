namespace Portal.Api.Infrastructure.Caching;

/// <summary>
/// Version bumps made inside a transaction that someone else commits (the idempotency filter's): a bump
/// sent before the commit would let another instance cache the old rows under the new counters, so the
/// bumps are collected here and sent by the owner of the transaction once it has ended (committed or not:
/// a bump never makes anything wrong, it only costs a cache miss).
/// </summary>
public sealed class DeferredBumps
{
    private static readonly AsyncLocal<DeferredBumps?> Current = new();
    private readonly HashSet<string> _scopes = new(StringComparer.Ordinal);

    /// <summary>Starts collecting for the current async flow (and the calls it makes).</summary>
    public static DeferredBumps Begin()
    {
        var bumps = new DeferredBumps();
        Current.Value = bumps;
        return bumps;
    }

    /// <summary>Stops collecting in the current async flow.</summary>
    public static void End() => Current.Value = null;

    internal static bool TryDefer(IReadOnlyCollection<string> scopes)
    {
        if (Current.Value is not { } bumps)
        {
            return false;
        }
        lock (bumps._scopes)
        {
            bumps._scopes.UnionWith(scopes);
        }
        return true;
    }

    /// <summary>Sends the collected bumps (with collecting switched off) and forgets them.</summary>
    public async Task FlushAsync(VersionStore store, CancellationToken cancellationToken)
    {
        string[] scopes;
        lock (_scopes)
        {
            scopes = [.. _scopes];
            _scopes.Clear();
        }
        if (scopes.Length == 0)
        {
            return;
        }
        var previous = Current.Value;
        Current.Value = null;
        try
        {
            await store.BumpAsync(scopes, cancellationToken);
        }
        finally
        {
            Current.Value = previous;
        }
    }
}
