namespace Alpha.Learning.Improvements.Internal;

/// <summary>Compares configuration paths as <c>IConfiguration</c> does (ignoring ASCII case), with ':' and '.' the same separator.</summary>
internal sealed class ConfigPathComparer : IEqualityComparer<string>
{
    public static readonly ConfigPathComparer Instance = new();

    public bool Equals(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null && y is null;
        }

        if (x.Length != y.Length)
        {
            return false;
        }

        for (var i = 0; i < x.Length; i++)
        {
            if (Fold(x[i]) != Fold(y[i]))
            {
                return false;
            }
        }

        return true;
    }

    public int GetHashCode(string obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var hash = new HashCode();
        foreach (var c in obj)
        {
            hash.Add(Fold(c));
        }

        return hash.ToHashCode();
    }

    private static char Fold(char c) => c == '.' ? ':' : char.ToUpperInvariant(c);
}
