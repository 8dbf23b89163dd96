using System.Text;

namespace Alpha.Learning.Storage.Internal;

/// <summary>
/// The one WHERE builder of the SQLite store's queries: only the filters a caller gives go into the statement, so the
/// indexes serve it (a <c>($x IS NULL OR column = $x)</c> condition would keep SQLite from using them).
/// </summary>
internal static class SqlWhere
{
    /// <summary>Appends <c> WHERE a AND b …</c> with the conditions that apply, or nothing when none does.</summary>
    /// <param name="sql">The statement so far.</param>
    /// <param name="conditions">Each condition, with whether it applies.</param>
    /// <returns><paramref name="sql"/>.</returns>
    public static StringBuilder AppendWhere(this StringBuilder sql, params ReadOnlySpan<(bool Applies, string Condition)> conditions)
    {
        var joiner = " WHERE ";
        foreach (var (applies, condition) in conditions)
        {
            if (applies)
            {
                sql.Append(joiner).Append(condition);
                joiner = " AND ";
            }
        }

        return sql;
    }
}
