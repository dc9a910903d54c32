using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Portal.Punchout.Tests;

/// <summary>
/// Validates cXML documents against the official DTD with <c>xmllint --noout --nonet --dtdvalid</c>.
/// The document's own DOCTYPE is stripped first so nothing is ever fetched. The DTD is found through
/// <c>PORTAL_CXML_DTD_DIR</c> (the <c>dtd</c> folder holding <c>1.2.063/cXML.dtd</c>, or the version folder
/// itself), then by walking up from the test binaries to a <c>shared/cxml/dtd</c> folder, then at
/// <c>/work/shared/cxml/dtd</c>. A missing xmllint or DTD is an error, never a skip.
/// Self-contained on purpose: other test projects may link or copy this file.
/// </summary>
public static partial class CxmlDtdValidator
{
    /// <summary>The environment variable naming the DTD folder.</summary>
    public const string DtdDirVariable = "PORTAL_CXML_DTD_DIR";

    private const string Version = "1.2.063";

    /// <summary>The full path of cXML.dtd, or an exception explaining where it was looked for.</summary>
    public static string FindDtd(string file = "cXML.dtd")
    {
        var tried = new List<string>();
        var fromEnv = Environment.GetEnvironmentVariable(DtdDirVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            foreach (var candidate in new[] { Path.Combine(fromEnv, Version, file), Path.Combine(fromEnv, file) })
            {
                tried.Add(candidate);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "cxml", "dtd", Version, file);
            tried.Add(candidate);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        var fallback = Path.Combine("/work/shared/cxml/dtd", Version, file);
        tried.Add(fallback);
        if (File.Exists(fallback))
        {
            return fallback;
        }
        throw new InvalidOperationException(
            $"The cXML DTD {Version}/{file} was not found. Set {DtdDirVariable} to the folder holding {Version}/{file}. Tried: "
            + string.Join(", ", tried));
    }

    /// <summary>
    /// Validates <paramref name="xml"/> against the DTD and returns xmllint's error lines (empty when valid).
    /// </summary>
    /// <exception cref="InvalidOperationException">xmllint is not installed or the DTD cannot be found.</exception>
    public static IReadOnlyList<string> Validate(string xml, string? dtdPath = null)
    {
        ArgumentNullException.ThrowIfNull(xml);
        var dtd = dtdPath ?? FindDtd();
        var withoutDoctype = Doctype().Replace(xml, "", 1);

        var start = new ProcessStartInfo("xmllint")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--noout", "--nonet", "--dtdvalid", dtd, "-" })
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("xmllint did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException(
                "xmllint is not installed (Debian/Ubuntu: apt-get install libxml2-utils; test.sh installs it).", ex);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardInput.Write(withoutDoctype);
            process.StandardInput.Close();
            if (!process.WaitForExit(60_000))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException("xmllint did not finish within 60 s.");
            }
            var errors = (stderr.Result + stdout.Result)
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .ToList();
            if (process.ExitCode != 0 && errors.Count == 0)
            {
                errors.Add($"xmllint exited with code {process.ExitCode}.");
            }
            return errors;
        }
    }

    [GeneratedRegex(@"<!DOCTYPE[^>\[]*(\[[^\]]*\])?\s*>")]
    private static partial Regex Doctype();
}
