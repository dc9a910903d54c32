using Portal.TestInfrastructure;
using StackExchange.Redis;

namespace Portal.Api.Tests.Infrastructure;

/// <summary>Tests that talk to the test run's real Redis directly, each test in a logical database of its own.</summary>
public abstract class RealRedisTests : IAsyncLifetime
{
    protected ConnectionMultiplexer Redis { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Redis = await ConnectionMultiplexer.ConnectAsync(RedisServer.Instance.CreateConfiguration());

    public async Task DisposeAsync() => await Redis.DisposeAsync();
}
