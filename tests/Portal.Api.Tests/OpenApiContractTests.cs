using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Api.Infrastructure.Data;
using Portal.TestInfrastructure;

namespace Portal.Api.Tests;

/// <summary>The committed contract files match the code: the OpenAPI document and the EF migrations.</summary>
public class OpenApiContractTests(EmbeddedApiFactory api) : IClassFixture<EmbeddedApiFactory>
{
    [Fact]
    public async Task Committed_openapi_document_equals_what_the_api_produces()
    {
        var committedPath = Path.Combine(RepoRoot(), "openapi", "portal-v1.json");
        Assert.True(File.Exists(committedPath), $"{committedPath} is missing: build src/Api to write it.");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(committedPath));

        using var client = api.CreateClient();
        var produced = JsonNode.Parse(await client.GetStringAsync("/swagger/v1/swagger.json"));

        Assert.True(JsonNode.DeepEquals(committed, produced),
            "openapi/portal-v1.json differs from the API's document. Run `dotnet build src/Api` (outside CI it rewrites the file) and commit it.");
    }

    [Fact]
    public async Task Migrations_cover_the_model()
    {
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        DataSetup.ConfigurePostgres(options, "Host=localhost;Database=unused");
        options.UseOpenIddict();
        await using var db = new PortalDbContext(options.Options);
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes without a migration: dotnet ef migrations add <Name> --project src/Api");
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Portal.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Portal.sln not found above the test directory.");
    }
}

/// <summary>Migrations apply to an empty PostgreSQL database, as at a first deployment.</summary>
public class MigrationTests
{
    [Fact]
    public async Task Migrations_apply_to_an_empty_database()
    {
        var connectionString = PostgresServer.Instance.CreateEmptyDatabase();
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        DataSetup.ConfigurePostgres(options, connectionString);
        options.UseOpenIddict();
        await using var db = new PortalDbContext(options.Options);
        await db.Database.MigrateAsync();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(0, await db.Products.CountAsync());
    }
}
