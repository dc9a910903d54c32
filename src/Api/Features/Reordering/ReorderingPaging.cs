namespace Portal.Api.Features.Reordering;

/// <summary>Keyset pages by creation time (as carts page): the cursor holds the last item's creation ticks.</summary>
internal static class ReorderingPaging
{
    public static string Key(DateTimeOffset createdAt) => createdAt.UtcTicks.ToString(CultureInfo.InvariantCulture);

    public static DateTimeOffset? After(string? cursor)
    {
        if (Cursor.Decode(cursor) is not { } after)
        {
            return null;
        }
        return long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks > 0 && ticks < DateTimeOffset.MaxValue.UtcTicks
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : throw new RequestValidationException(new Dictionary<string, string[]> { ["cursor"] = ["The cursor is not valid."] });
    }
}
