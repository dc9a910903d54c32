using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Api.Infrastructure.Auth;
using Portal.Api.Infrastructure.Data;

namespace Portal.TestInfrastructure;

/// <summary>
/// The API in-process on a database of its own. The default is production-like: a real PostgreSQL
/// database (migrated from the repo's migrations) and a real Redis; <see cref="EmbeddedApiFactory"/> runs
/// the zero-configuration SQLite mode.
/// </summary>
public class PortalApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminClientId = "test-admin";
    public const string AdminClientSecret = "test-admin-secret-4f1c9a";

    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal);

    public PortalApiFactory()
    {
        ConnectionString = PostgresServer.Instance.CreateDatabase(MigrateTemplate);
        RedisConfiguration = RedisServer.Instance.CreateConfiguration();
        _settings["ConnectionStrings:Portal"] = ConnectionString;
        _settings["Redis:Configuration"] = RedisConfiguration;
        // Shared test machines can be slow: a Redis answer after 250 ms would send these tests to the
        // fallbacks (per-instance limits, bypassed caches). The fault tests run the production timeout.
        _settings["Redis:OperationTimeout"] = "00:00:02";
        _settings["Portal:Bootstrap:ClientId"] = AdminClientId;
        _settings["Portal:Bootstrap:ClientSecret"] = AdminClientSecret;
        _settings["Portal:SeedDemoData"] = "true";
        _settings["Portal:PublicBaseUrl"] = "http://localhost";
    }

    protected PortalApiFactory(IDictionary<string, string?> settings)
    {
        ConnectionString = string.Empty;
        RedisConfiguration = null;
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }
    }

    /// <summary>A second API instance on the same PostgreSQL database and Redis database (many instances, one system).</summary>
    public PortalApiFactory CreateSecondInstance() => new PortalApiFactory(new Dictionary<string, string?>(_settings));

    public string ConnectionString { get; }

    public string? RedisConfiguration { get; }

    /// <summary>Changes a setting before the host starts (call before the first client is created).</summary>
    public PortalApiFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>An HTTP client holding an access token of the given OAuth client.</summary>
    public async Task<HttpClient> CreateClientWithTokenAsync(string clientId = AdminClientId, string clientSecret = AdminClientSecret)
    {
        var token = await GetTokenAsync(clientId, clientSecret);
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// The secret this API issued to a demo client when it seeded: the published one in embedded mode, a
    /// random one on PostgreSQL (published secrets never get a token there).
    /// </summary>
    public string DemoSecret(string clientId) =>
        Services.GetRequiredService<Portal.Api.Hosting.Demo.DemoClientSecrets>().Get(clientId)
        ?? throw new InvalidOperationException($"This API instance did not seed the demo client {clientId}.");

    /// <summary>An HTTP client with a token of the demo client <paramref name="clientId"/> (acme-admin, acme-buyer).</summary>
    public Task<HttpClient> CreateDemoClientAsync(string clientId) => CreateClientWithTokenAsync(clientId, DemoSecret(clientId));

    public async Task<string> GetTokenAsync(string clientId, string clientSecret)
    {
        using var client = CreateClient();
        using var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = clientSecret,
        }));
        var body = await response.Content.ReadFromJsonAsync<Dictionary<string, object>>();
        if (!response.IsSuccessStatusCode || body is null || !body.TryGetValue("access_token", out var token))
        {
            throw new InvalidOperationException($"Token request for {clientId} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        return token.ToString()!;
    }

    /// <summary>Registers a supplier-side OAuth client with <paramref name="roles"/> and returns its credentials.</summary>
    public async Task<(string ClientId, string ClientSecret)> CreateOAuthClientAsync(params string[] roles)
    {
        var clientId = "test-" + Guid.NewGuid().ToString("N")[..10];
        var secret = Guid.NewGuid().ToString("N");
        await using var scope = Services.CreateAsyncScope();
        var provisioner = scope.ServiceProvider.GetRequiredService<BootstrapClientProvisioner>();
        await provisioner.EnsureClientAsync(clientId, secret, "Test client", [.. roles], null, null, CancellationToken.None);
        return (clientId, secret);
    }

    /// <summary>A new database migrated to the current schema (for API processes started by a test).</summary>
    public static string CreateMigratedDatabase() => PostgresServer.Instance.CreateDatabase(MigrateTemplate);

    private static void MigrateTemplate(string connectionString)
    {
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        DataSetup.ConfigurePostgres(options, connectionString);
        options.UseOpenIddict();
        using var db = new PortalDbContext(options.Options);
        db.Database.Migrate();
    }

    private readonly SemaphoreSlim _buildGate = new(1, 1);
    private bool _built;

    /// <summary>Runs a fixture's set-up once, however many test classes or tests ask for it.</summary>
    protected async Task BuildOnceAsync(Func<Task> build)
    {
        await _buildGate.WaitAsync();
        try
        {
            if (!_built)
            {
                await build();
                _built = true;
            }
        }
        finally
        {
            _buildGate.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Stops the API, then closes the idle connections its pool keeps to the test database (they would otherwise stay open for minutes, and a run creates many databases).</summary>
    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (ConnectionString.Length > 0)
        {
            using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
            Npgsql.NpgsqlConnection.ClearPool(connection);
        }
    }
}

/// <summary>The API with no configuration at all but a private SQLite file: the embedded demo mode.</summary>
public sealed class EmbeddedApiFactory : PortalApiFactory
{
    public EmbeddedApiFactory()
        : base(new Dictionary<string, string?>
        {
            ["Portal:Embedded:DatabasePath"] = Path.Combine(Path.GetTempPath(), $"portal-embedded-{Guid.NewGuid():N}.db"),
        })
    {
    }
}
