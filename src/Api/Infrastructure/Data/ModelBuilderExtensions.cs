using System.Linq.Expressions;

namespace Portal.Api.Infrastructure.Data;

/// <summary>Shorthands for the entity configurations.</summary>
public static class ModelBuilderExtensions
{
    /// <summary>Gives the named text properties one maximum length (a <c>varchar(n)</c> on PostgreSQL).</summary>
    public static EntityTypeBuilder<TEntity> MaxLength<TEntity>(this EntityTypeBuilder<TEntity> builder, int maxLength,
        params Expression<Func<TEntity, string?>>[] properties) where TEntity : class
    {
        foreach (var property in properties)
        {
            builder.Property(property).HasMaxLength(maxLength);
        }
        return builder;
    }
}
