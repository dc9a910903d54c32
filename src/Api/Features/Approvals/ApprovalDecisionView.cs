namespace Portal.Api.Features.Approvals;

/// <summary>What the decision page shows: the form (<see cref="State"/> = form) or why there is none. <c>state</c>: form, approved, rejected, used, expired, invalid, forbidden, refused or signin (a session page without a session).</summary>
public sealed record ApprovalDecisionView(
    string State, string Message, string? OrderNumber = null, string? CustomerReference = null, decimal Total = 0, string? Currency = null,
    int Level = 0, int Levels = 0, IReadOnlyList<ApprovalDecisionLine>? Lines = null, string? OnBehalfOf = null,
    string? FormFieldName = null, string? FormToken = null)
{
    /// <summary>For <c>signin</c>: where the login returns to.</summary>
    public string? ReturnUrl { get; init; }

    /// <summary>For <c>form</c>: the approval's round the page shows (<see cref="ApprovalLinkToken.RoundOf"/>), posted back with the decision.</summary>
    public long Round { get; init; }
}
