namespace Portal.Punchout.Sessions;

/// <summary>A field of the form the browser posts to the buyer system.</summary>
/// <param name="Name">The field name.</param>
/// <param name="Value">The value (the page encodes it).</param>
public sealed record CartTransferField(string Name, string Value);

/// <summary>The form the browser posts to the buyer system: where to, its hidden fields, how many lines it carries.</summary>
/// <param name="Action">The buyer system's return URL.</param>
/// <param name="Fields">The hidden fields, in order.</param>
/// <param name="LineCount">The number of cart lines.</param>
/// <param name="Charset">The form's accept-charset: the encoding the browser posts the fields in.</param>
/// <param name="Target">The frame the form is posted into (OCI <c>~TARGET</c>), or null for the current one.</param>
/// <param name="AutoSubmit">Whether the page submits the form at once (OCI BACKGROUND_SEARCH answers the fields only).</param>
public sealed record CartTransferForm(string Action, IReadOnlyList<CartTransferField> Fields, int LineCount,
    string Charset = "UTF-8", string? Target = null, bool AutoSubmit = true);
