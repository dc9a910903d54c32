namespace Portal.Api.Infrastructure.Caching;

/// <summary>
/// One <see cref="VersionStore.SyncAsync"/> per request: the caller middleware and the price engine both
/// need current counters, and a sync at the first of them already covers every change acknowledged
/// before the request arrived.
/// </summary>
public sealed class RequestVersions(VersionStore store)
{
    private bool _synced;

    public async ValueTask<VersionStore> SyncedAsync(CancellationToken cancellationToken)
    {
        if (!_synced)
        {
            await store.SyncAsync(cancellationToken);
            _synced = true;
        }
        return store;
    }
}
