namespace Portal.Api.Infrastructure.Caching;

/// <summary>
/// FNV-1a (64-bit) over a scope's characters, computable piece by piece without building the string.
/// Buckets never leave the process, so any stable hash does; this one is cheap to continue.
/// </summary>
public readonly record struct ScopeHash(ulong Value)
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ScopeHash Start => new(Offset);

    public static ScopeHash Of(string scope) => Start.Add(scope);

    public ScopeHash Add(ReadOnlySpan<char> text)
    {
        var hash = Value;
        foreach (var c in text)
        {
            hash = (hash ^ c) * Prime;
        }
        return new ScopeHash(hash);
    }

    /// <summary>Continues with a Guid as its 32 hex digits (format "N", as the scopes spell ids).</summary>
    public ScopeHash Add(Guid id)
    {
        Span<char> text = stackalloc char[32];
        id.TryFormat(text, out _, "N");
        return Add(text);
    }
}
