using System.Text;

namespace Alpha.Learning.TemplateEval;

/// <summary>Reads the <c>Content</c> and <c>EventId</c> columns of a Loghub <c>*_structured.csv</c> file (RFC 4180 quoting).</summary>
internal static class LoghubCsv
{
    public static List<(string Content, string EventId)> Read(string path)
    {
        var text = File.ReadAllText(path);
        var records = Parse(text, path);
        if (records.Count == 0)
        {
            throw new InvalidDataException($"'{path}' is empty: expected a header row with Content and EventId.");
        }

        var header = records[0];
        var content = header.IndexOf("Content");
        var eventId = header.IndexOf("EventId");
        if (content < 0 || eventId < 0)
        {
            throw new InvalidDataException($"'{path}' has no Content or EventId column in its header ({string.Join(',', header)}).");
        }

        var rows = new List<(string, string)>(records.Count - 1);
        for (var i = 1; i < records.Count; i++)
        {
            var record = records[i];
            if (record.Count == 1 && record[0].Length == 0)
            {
                continue;
            }

            if (record.Count != header.Count)
            {
                throw new InvalidDataException($"'{path}' record {i + 1} has {record.Count} fields; the header has {header.Count}.");
            }

            rows.Add((record[content], record[eventId]));
        }

        return rows;
    }

    private static List<List<string>> Parse(string text, string path)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                        continue;
                    }

                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }

                i++;
                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    record.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    record.Add(field.ToString());
                    field.Clear();
                    records.Add(record);
                    record = [];
                    break;
                default:
                    field.Append(c);
                    break;
            }

            i++;
        }

        if (quoted)
        {
            throw new InvalidDataException($"'{path}' ends inside a quoted field.");
        }

        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            records.Add(record);
        }

        return records;
    }
}
