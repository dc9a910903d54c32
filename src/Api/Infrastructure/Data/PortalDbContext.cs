using Microsoft.EntityFrameworkCore;
using Portal.Api.Features.Accounts;
using Portal.Api.Features.Catalog;

namespace Portal.Api.Infrastructure.Data;

/// <summary>The one database context: every feature's entities, configured by its own IEntityTypeConfiguration.</summary>
public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options) : DbContext(options)
{
    public DbSet<Product> Products => Set<Product>();

    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<TokenKey> TokenKeys => Set<TokenKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
        modelBuilder.UseOpenIddict();

        if (Database.IsNpgsql())
        {
            // Substring search over the catalog (q=...) uses LIKE '%term%': a trigram index serves it.
            modelBuilder.HasPostgresExtension("pg_trgm");
            modelBuilder.Entity<Product>()
                .HasIndex(p => p.SearchText)
                .HasMethod("gin")
                .HasOperators("gin_trgm_ops");
        }
    }
}
