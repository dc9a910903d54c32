using Microsoft.EntityFrameworkCore.Design;

namespace Portal.Api.Infrastructure.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the PostgreSQL model without a running server.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        DataSetup.ConfigurePostgres(options, "Host=localhost;Database=portal_design");
        return new PortalDbContext(options.Options);
    }
}
