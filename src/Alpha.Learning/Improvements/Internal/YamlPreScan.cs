using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Improvements.Internal;

/// <summary>
/// A cheap linear scan of YAML text before any parse: refuses nesting deeper than the limit (flow brackets,
/// indentation levels and compact <c>- - -</c> sequences), anchors, aliases and tags in node position, and control
/// characters. YamlDotNet's parser is quadratic in nesting depth (100,000 levels take about a minute), so depth
/// must be refused before it runs.
/// </summary>
internal static class YamlPreScan
{
    public static void Check(string text, string location, int maxDepth)
    {
        var indents = new List<int>();
        var flowDepth = 0;
        var line = 1;
        var i = 0;
        var blockScalarIndent = -1;
        var quote = '\0';
        while (i < text.Length)
        {
            // At the start of a line.
            var lineStart = i;
            var indent = 0;
            while (i < text.Length && text[i] == ' ')
            {
                indent++;
                i++;
            }

            var blank = i >= text.Length || text[i] is '\n' or '\r' or '#';
            if (blockScalarIndent >= 0)
            {
                if (blank || indent > blockScalarIndent)
                {
                    i = SkipLine(text, i, ref line);
                    continue;
                }

                blockScalarIndent = -1;
            }

            if (quote == '\0' && flowDepth == 0 && !blank)
            {
                while (indents.Count > 0 && indents[^1] >= indent)
                {
                    indents.RemoveAt(indents.Count - 1);
                }

                indents.Add(indent);
            }

            var depth = indents.Count + flowDepth;
            var tokenPosition = true;
            var lastNonSpace = '\0';
            for (; i < text.Length && text[i] != '\n'; i++)
            {
                var c = text[i];
                if (char.IsControl(c) && c is not ('\t' or '\r'))
                {
                    throw Refuse(ConfigStoreError.Syntax, location, Inv($"contains the control character U+{(int)c:X4} at line {line}"));
                }

                if (quote != '\0')
                {
                    if (c == '\\' && quote == '"')
                    {
                        i++;
                    }
                    else if (c == quote)
                    {
                        if (quote == '\'' && i + 1 < text.Length && text[i + 1] == '\'')
                        {
                            i++;
                        }
                        else
                        {
                            quote = '\0';
                            tokenPosition = false;
                        }
                    }

                    continue;
                }

                if (c is ' ' or '\t')
                {
                    tokenPosition = tokenPosition || lastNonSpace is ':' or '-' or '?' or ',' or '[' or '{' or '\0';
                    continue;
                }

                if (c == '#' && (i == lineStart || text[i - 1] is ' ' or '\t'))
                {
                    while (i + 1 < text.Length && text[i + 1] != '\n')
                    {
                        i++;
                    }

                    continue;
                }

                if (tokenPosition)
                {
                    switch (c)
                    {
                        case '&':
                            throw Refuse(ConfigStoreError.AnchorOrAlias, location, Inv($"uses an anchor at line {line}; anchors and aliases are refused"));
                        case '*':
                            throw Refuse(ConfigStoreError.AnchorOrAlias, location, Inv($"uses an alias at line {line}; anchors and aliases are refused"));
                        case '!':
                            throw Refuse(ConfigStoreError.Tag, location, Inv($"uses an explicit tag at line {line}; tags are refused"));
                        case '"' or '\'':
                            quote = c;
                            lastNonSpace = c;
                            continue;
                        case '[' or '{':
                            flowDepth++;
                            depth++;
                            break;
                        case '-' or '?' when i + 1 >= text.Length || text[i + 1] is ' ' or '\n' or '\r':
                            depth++;
                            break;
                        case '|' or '>' when flowDepth == 0:
                            blockScalarIndent = indent;
                            break;
                    }
                }
                else if (c is '[' or '{' && flowDepth > 0)
                {
                    flowDepth++;
                    depth++;
                }

                if (c is ']' or '}' && flowDepth > 0)
                {
                    flowDepth--;
                }

                if (depth > maxDepth)
                {
                    throw Refuse(ConfigStoreError.TooDeep, location, Inv($"nests deeper than {maxDepth} levels at line {line}"));
                }

                tokenPosition = c is '[' or '{' or ',';
                lastNonSpace = c;
            }

            if (i < text.Length)
            {
                i++;
                line++;
            }
        }
    }

    private static int SkipLine(string text, int i, ref int line)
    {
        var end = text.IndexOf('\n', i);
        if (end < 0)
        {
            return text.Length;
        }

        line++;
        return end + 1;
    }

    private static ConfigStoreException Refuse(ConfigStoreError error, string location, string what) =>
        new(error, location, Inv($"The configuration file '{location}' {what}."));
}
