namespace Portal.Api.Features.Quotes;

/// <summary>Size limits of quote requests and offers (docs/quotes.md).</summary>
public static class QuoteLimits
{
    public const int MaxLines = 500;
    public const int MaxText = 2000;
    public const int MaxNote = 500;
    public const decimal MaxUnitPrice = 1_000_000_000m;
    public const int MaxLeadTimeDays = 3650;
    public const int MaxValidityDays = 366;
}
