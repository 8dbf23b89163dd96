namespace Alpha.Learning.Cli;

/// <summary>A unified-style line diff of two small texts (an LCS table; config files are small).</summary>
internal static class TextDiff
{
    public static IReadOnlyList<string> Lines(string before, string after, int context = 1)
    {
        var a = before.ReplaceLineEndings("\n").Split('\n');
        var b = after.ReplaceLineEndings("\n").Split('\n');
        if (a.Length * (long)b.Length > 4_000_000)
        {
            return ["(the files are too large to show a diff)"];
        }

        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = string.Equals(a[i], b[j], StringComparison.Ordinal) ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var ops = new List<(char Op, string Line)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && string.Equals(a[x], b[y], StringComparison.Ordinal))
            {
                ops.Add((' ', a[x]));
                x++;
                y++;
            }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                ops.Add(('-', a[x++]));
            }
            else
            {
                ops.Add(('+', b[y++]));
            }
        }

        var result = new List<string>();
        var last = -1;
        for (var k = 0; k < ops.Count; k++)
        {
            if (ops[k].Op == ' ')
            {
                continue;
            }

            var from = Math.Max(last + 1, k - context);
            if (last >= 0 && from > last + 1)
            {
                result.Add("  …");
            }

            for (var c = from; c < k; c++)
            {
                result.Add("  " + ops[c].Line);
            }

            result.Add(ops[k].Op + " " + ops[k].Line);
            var to = k;
            while (to + 1 < ops.Count && ops[to + 1].Op != ' ')
            {
                to++;
                result.Add(ops[to].Op + " " + ops[to].Line);
            }

            var end = Math.Min(ops.Count - 1, to + context);
            for (var c = to + 1; c <= end; c++)
            {
                if (ops[c].Op == ' ')
                {
                    result.Add("  " + ops[c].Line);
                }
            }

            last = end;
            k = end;
        }

        return result;
    }
}
