using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Portal.Api.Infrastructure.Data;

/// <summary>Which store the API runs on, decided once from configuration.</summary>
public sealed record DatabaseMode(bool IsEmbedded, string ConnectionString)
{
    public static DatabaseMode From(IConfiguration configuration, IHostEnvironment environment)
    {
        var postgres = configuration.GetConnectionString("Portal");
        if (!string.IsNullOrWhiteSpace(postgres))
        {
            return new DatabaseMode(false, postgres);
        }
        var path = configuration[$"{PortalOptions.Section}:Embedded:DatabasePath"];
        if (string.IsNullOrWhiteSpace(path))
        {
            path = Path.Combine(environment.ContentRootPath, "App_Data", "portal.db");
        }
        path = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new DatabaseMode(true, $"Data Source={path};Cache=Shared;Pooling=True");
    }
}

public static class DataSetup
{
    public static IServiceCollection AddPortalData(this IServiceCollection services, DatabaseMode mode)
    {
        services.AddSingleton(mode);
        services.AddScoped<Tenancy.TenantScope>();
        services.AddSingleton<DbCommandCounter>();
        services.AddDbContext<PortalDbContext>((sp, options) =>
        {
            options.AddInterceptors(sp.GetRequiredService<DbCommandCounter>(), new TransactionGuard(), sp.GetRequiredService<Features.Events.OutboxCommitInterceptor>());
            if (mode.IsEmbedded)
            {
                options.UseSqlite(mode.ConnectionString).UseSnakeCaseNamingConvention();
            }
            else
            {
                ConfigurePostgres(options, mode.ConnectionString);
            }
            options.UseOpenIddict();
        }, optionsLifetime: ServiceLifetime.Singleton); // built once, not per request (it showed in profiles)
        services.AddScoped<DatabaseInitializer>();
        return services;
    }

    public static void ConfigurePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseNpgsql(connectionString, npgsql => npgsql
                .MigrationsHistoryTable("__ef_migrations_history")
                // Transient failures (a terminated connection, a failover) are retried around whole units of work.
                .ExecutionStrategy(dependencies => new PortalExecutionStrategy(dependencies)))
            .UseSnakeCaseNamingConvention()
            .ConfigureWarnings(w => w.Throw(RelationalEventId.MultipleCollectionIncludeWarning));
}
