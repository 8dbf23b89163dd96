using Microsoft.Data.Sqlite;

namespace Alpha.Learning.Storage.Internal;

/// <summary>
/// The one way the SQLite store writes a batch: one <c>BEGIN IMMEDIATE</c> transaction (all rows or none), one prepared
/// statement reused for every row, and per row a null check naming the argument and a cancellation check.
/// </summary>
internal static class SqliteBatch
{
    /// <summary>Writes every item in a transaction of its own.</summary>
    /// <typeparam name="TStatement">The reused statement.</typeparam>
    /// <typeparam name="TItem">An item.</typeparam>
    /// <param name="connection">The open connection.</param>
    /// <param name="items">The items.</param>
    /// <param name="parameterName">The argument the items came in, for the null check.</param>
    /// <param name="prepare">Prepares the statement inside the transaction.</param>
    /// <param name="write">Binds and executes one item.</param>
    /// <param name="cancellationToken">The token to cancel with (the transaction rolls back).</param>
    /// <returns>The number of items written.</returns>
    public static int Write<TStatement, TItem>(
        SqliteConnection connection,
        IEnumerable<TItem> items,
        string parameterName,
        Func<SqliteTransaction, TStatement> prepare,
        Action<TStatement, TItem> write,
        CancellationToken cancellationToken)
        where TStatement : IDisposable
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        var count = WriteIn(transaction, items, parameterName, prepare, write, cancellationToken);
        transaction.Commit();
        return count;
    }

    /// <summary>Writes every item inside a transaction the caller holds (and commits).</summary>
    /// <typeparam name="TStatement">The reused statement.</typeparam>
    /// <typeparam name="TItem">An item.</typeparam>
    /// <param name="transaction">The caller's write transaction.</param>
    /// <param name="items">The items.</param>
    /// <param name="parameterName">The argument the items came in, for the null check.</param>
    /// <param name="prepare">Prepares the statement inside the transaction.</param>
    /// <param name="write">Binds and executes one item.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The number of items written.</returns>
    public static int WriteIn<TStatement, TItem>(
        SqliteTransaction transaction,
        IEnumerable<TItem> items,
        string parameterName,
        Func<SqliteTransaction, TStatement> prepare,
        Action<TStatement, TItem> write,
        CancellationToken cancellationToken)
        where TStatement : IDisposable
    {
        using var statement = prepare(transaction);
        var count = 0;
        foreach (var item in items)
        {
            ArgumentNullException.ThrowIfNull(item, parameterName);
            cancellationToken.ThrowIfCancellationRequested();
            write(statement, item);
            count++;
        }

        return count;
    }
}
