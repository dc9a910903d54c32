using System.Text;
using Portal.Api.Infrastructure.Auth;

namespace Portal.Api.Tests.Accounts;

/// <summary>docs/permissions.md is the permission matrix as code enforces it.</summary>
public class PermissionsDocTests
{
    private const string Begin = "<!-- matrix:begin (generated from PermissionMatrix; PORTAL_UPDATE_DOCS=1 dotnet test rewrites it) -->";
    private const string End = "<!-- matrix:end -->";

    [Fact]
    public void Permissions_doc_shows_the_enforced_matrix()
    {
        var path = Path.Combine(OpenApiContractTests.RepoRoot(), "docs", "permissions.md");
        var text = File.ReadAllText(path);
        var start = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "docs/permissions.md lacks the matrix markers.");
        var expected = Begin + "\n" + Table() + End;
        var actual = text[start..(end + End.Length)];
        if (actual != expected && Environment.GetEnvironmentVariable("PORTAL_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, text[..start] + expected + text[(end + End.Length)..]);
            return;
        }
        Assert.Equal(expected, actual);
    }

    private static string Table()
    {
        string[] columns = [Roles.SupplierAdmin, Roles.Sales, Roles.Integration, Roles.Administrator, Roles.Approver, Roles.Requester, Roles.ReadOnly];
        var sb = new StringBuilder();
        sb.Append("| permission | what | ").Append(string.Join(" | ", columns)).Append(" |\n");
        sb.Append("| --- | --- |").Append(string.Concat(columns.Select(_ => " :-: |"))).Append('\n');
        foreach (var entry in PermissionMatrix.Entries)
        {
            sb.Append("| `").Append(entry.Permission).Append("` | ").Append(entry.Description).Append(" |");
            foreach (var role in columns)
            {
                var allowed = entry.SupplierRoles.Contains(role) || entry.CustomerRoles.Contains(role);
                sb.Append(allowed ? " ✓ |" : " — |");
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
