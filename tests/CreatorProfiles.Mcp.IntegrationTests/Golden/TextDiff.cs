using System.Text;

namespace CreatorProfiles.Mcp.IntegrationTests.Golden;

/// <summary>A unified line diff (like `diff -u`) for failure messages: what the golden file says vs what came back.</summary>
internal static class TextDiff
{
    public static string Unified(string expected, string actual, string expectedLabel = "expected", string actualLabel = "actual", int context = 3, int maxLines = 300)
    {
        var a = expected.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
        var b = actual.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
        var ops = Operations(a, b);

        var output = new StringBuilder().Append("--- ").AppendLine(expectedLabel).Append("+++ ").AppendLine(actualLabel);
        var lines = 0;
        var i = 0;
        while (i < ops.Count)
        {
            if (ops[i].Kind == ' ')
            {
                i++;
                continue;
            }

            // A hunk: from `context` lines before this change to `context` lines after the last change that is at most
            // 2 * context equal lines away from the next one.
            var start = Math.Max(0, i - context);
            var end = i;
            while (end < ops.Count)
            {
                var next = end;
                while (next < ops.Count && ops[next].Kind != ' ')
                {
                    next++;
                }

                var equal = next;
                while (equal < ops.Count && ops[equal].Kind == ' ')
                {
                    equal++;
                }

                if (equal >= ops.Count || equal - next > 2 * context)
                {
                    end = Math.Min(ops.Count, next + context);
                    break;
                }

                end = equal;
            }

            var first = ops[start];
            var oldCount = ops.Skip(start).Take(end - start).Count(o => o.Kind != '+');
            var newCount = ops.Skip(start).Take(end - start).Count(o => o.Kind != '-');
            output.Append("@@ -").Append(first.OldLine + 1).Append(',').Append(oldCount)
                .Append(" +").Append(first.NewLine + 1).Append(',').Append(newCount).AppendLine(" @@");
            for (var k = start; k < end; k++)
            {
                if (++lines > maxLines)
                {
                    output.AppendLine("... (diff shortened)");
                    return output.ToString();
                }

                output.Append(ops[k].Kind).AppendLine(ops[k].Text);
            }

            i = end;
        }

        return output.ToString();
    }

    private readonly record struct Op(char Kind, string Text, int OldLine, int NewLine);

    // Longest common subsequence by dynamic programming: golden files are small (hundreds of lines).
    private static List<Op> Operations(string[] a, string[] b)
    {
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var ops = new List<Op>(a.Length + b.Length);
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                ops.Add(new Op(' ', a[x], x++, y++));
            }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                ops.Add(new Op('-', a[x], x++, y));
            }
            else
            {
                ops.Add(new Op('+', b[y], x, y++));
            }
        }

        return ops;
    }
}
