using System.Collections.Concurrent;

namespace Portal.Api.Infrastructure.Auth;

/// <summary>
/// Keeps resolved callers in memory between requests, valid while two version counters are unchanged:
/// the client's own (bumped on rotate and revoke) and the identity generation (bumped by any change to
/// users, roles, org units, API clients or account status). The counters are a <see cref="VersionStore"/>'s
/// (synchronised through Redis when configured), so a revocation acknowledged by one instance applies on
/// every instance's next request. Identity changes are rare next to reads, so one global generation is the simple choice.
/// </summary>
public sealed class CallerCache(VersionStore versions)
{
    private const string Generation = "id:generation";
    private readonly ConcurrentDictionary<string, (Caller Caller, long Generation, long Client)> _callers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, bool> _customers = new();

    private static string ClientScope(string clientId) => "id:client:" + clientId;

    /// <summary>The caller of <paramref name="clientId"/>; <paramref name="request"/> syncs the counters once per request.</summary>
    public async Task<Caller?> GetAsync(string clientId, RequestVersions request, Func<Task<Caller?>> load, CancellationToken cancellationToken, Guid? userId = null)
    {
        await request.SyncedAsync(cancellationToken);
        long[] current = [versions.Get(Generation), versions.Get(ClientScope(clientId))];
        // A user token (an app acting as a signed-in user) is cached per app and user.
        var key = userId is { } user ? clientId + "|" + user.ToString("N") : clientId;
        if (_callers.TryGetValue(key, out var cached) && cached.Generation == current[0] && cached.Client == current[1])
        {
            return cached.Caller;
        }
        // Loaded after the counters were read: a change in between leaves this entry stale-stamped, not stale-served.
        var caller = await load();
        if (caller is null)
        {
            _callers.TryRemove(key, out _);
            return null;
        }
        if (_callers.Count > 100_000)
        {
            _callers.Clear();
        }
        _callers[key] = (caller, current[0], current[1]);
        return caller;
    }

    /// <summary>Customer accounts are never deleted, so a positive existence check is remembered.</summary>
    public async Task<bool> CustomerExistsAsync(Guid customerId, Func<Task<bool>> load)
    {
        if (_customers.ContainsKey(customerId))
        {
            return true;
        }
        if (!await load())
        {
            return false;
        }
        _customers[customerId] = true;
        return true;
    }

    /// <summary>Any identity change: every cached caller is re-read on its next request.</summary>
    public Task InvalidateAllAsync(CancellationToken cancellationToken) => versions.BumpAsync([Generation], cancellationToken);

    /// <summary>A client's secret was rotated or the client revoked.</summary>
    public Task InvalidateClientAsync(string clientId, CancellationToken cancellationToken) =>
        versions.BumpAsync([ClientScope(clientId), Generation], cancellationToken);
}
