namespace Portal.Api.Features.Budgets;

public static class BudgetPolicies
{
    public const string Block = "block";
    public const string RequireApproval = "require-approval";
    public const string Warn = "warn";

    /// <summary>No budget applies or none would be exceeded.</summary>
    public const string None = "none";

    public static readonly IReadOnlyList<string> All = [Block, RequireApproval, Warn];

    /// <summary>How strongly a policy acts when its budget would be exceeded (higher wins).</summary>
    public static int Strength(string policy) => policy switch { Block => 3, RequireApproval => 2, Warn => 1, _ => 0 };
}
