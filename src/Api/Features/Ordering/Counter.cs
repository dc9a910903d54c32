namespace Portal.Api.Features.Ordering;

/// <summary>Named counters (order numbers).</summary>
public sealed class Counter
{
    public required string Name { get; set; }

    public long Value { get; set; }
}

internal sealed class CounterConfiguration : IEntityTypeConfiguration<Counter>
{
    public void Configure(EntityTypeBuilder<Counter> builder)
    {
        builder.ToTable("counters");
        builder.HasKey(c => c.Name);
        builder.Property(c => c.Name).HasMaxLength(64);
    }
}
