namespace Portal.Punchout.Sessions;

/// <summary>A field of the form the browser posts to the buyer system.</summary>
/// <param name="Name">The field name.</param>
/// <param name="Value">The value (the page encodes it).</param>
public sealed record CartTransferField(string Name, string Value);

/// <summary>The form the browser posts to the buyer system: where to, its hidden fields, how many lines it carries.</summary>
/// <param name="Action">The buyer system's return URL.</param>
/// <param name="Fields">The hidden fields, in order.</param>
/// <param name="LineCount">The number of cart lines.</param>
public sealed record CartTransferForm(string Action, IReadOnlyList<CartTransferField> Fields, int LineCount);
