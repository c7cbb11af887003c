using CreatorProfiles.Mcp.Configuration;
using System.Text;
using Xunit.Abstractions;

namespace CreatorProfiles.Mcp.UnitTests.Docs;

/// <summary>
/// The committed reference tables are what <see cref="DocsGenerator"/> writes from the code, so the docs cannot drift
/// from it. With UPDATE_DOCS=true the files are rewritten instead of compared (review `git diff` before committing).
/// </summary>
public sealed class GeneratedDocsTests(ITestOutputHelper output)
{
    public const string UpdateVariable = "UPDATE_DOCS";

    private const string RegenerateCommand = "UPDATE_DOCS=true dotnet test tests/CreatorProfiles.Mcp.UnitTests --filter FullyQualifiedName~GeneratedDocsTests";

    [Fact]
    public void The_tools_table_is_generated_from_the_tool_snapshots() =>
        Check(DocsGenerator.ToolsDoc, text => DocsGenerator.ReplaceBetween(text, DocsGenerator.ToolsMarkers, DocsGenerator.ToolsTable(), DocsGenerator.ToolsDoc));

    [Fact]
    public void The_configuration_table_is_generated_from_the_declared_variables() =>
        Check(DocsGenerator.ConfigurationDoc,
            text => DocsGenerator.ReplaceBetween(text, DocsGenerator.ConfigurationMarkers, DocsGenerator.ConfigurationTable(), DocsGenerator.ConfigurationDoc));

    [Fact]
    public void The_server_json_variables_are_generated_from_the_declared_variables() =>
        Check(DocsGenerator.ServerJson, DocsGenerator.ServerJsonWithVariables);

    /// <summary>The pack step rewrites server.json through MSBuild property functions, which drop the backslash of an
    /// escaped quote and so ship a manifest that does not parse (found by the package test).</summary>
    [Fact]
    public void No_variable_description_holds_a_double_quote() =>
        Assert.DoesNotContain(ServerSettings.Variables, v => v.Description.Contains('"', StringComparison.Ordinal));

    private void Check(string file, Func<string, string> generate)
    {
        var path = Path.Combine(DocsGenerator.Root, file);
        var committed = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        var generated = generate(committed);
        if (Environment.GetEnvironmentVariable(UpdateVariable)?.Trim().ToLowerInvariant() is "true" or "1" or "yes")
        {
            if (generated != committed)
            {
                File.WriteAllText(path, generated, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            }

            output.WriteLine($"{(generated != committed ? "written" : "unchanged")}: {file}");
            return;
        }

        Assert.True(generated == committed,
            $"{file} is not what the generator writes from the code now.\n{LineDiff(committed, generated)}"
            + $"If the code change is intended, regenerate with\n  {RegenerateCommand}\nand review `git diff` before committing.");
    }

    /// <summary>The lines only one side has, in file order; enough to see a changed table row.</summary>
    private static string LineDiff(string committed, string generated)
    {
        var before = committed.Split('\n');
        var after = generated.Split('\n');
        var diff = new StringBuilder();
        foreach (var line in before.Except(after, StringComparer.Ordinal))
        {
            diff.Append("- committed: ").AppendLine(line);
        }

        foreach (var line in after.Except(before, StringComparer.Ordinal))
        {
            diff.Append("+ generated: ").AppendLine(line);
        }

        return diff.ToString();
    }
}
