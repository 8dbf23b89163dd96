using System.Globalization;
using System.Text;

using Npgsql;

namespace Alpha.Learning.Storage.Internal;

/// <summary>Parsing of PostgreSQL URIs (libpq's form) into Npgsql connection strings; messages never carry a password.</summary>
internal static class PgConnectionText
{
    private static readonly Dictionary<string, string> UriParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = "SSL Mode",
        ["application_name"] = "Application Name",
        ["connect_timeout"] = "Timeout",
        ["target_session_attrs"] = "Target Session Attributes",
        ["sslrootcert"] = "Root Certificate",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
        ["sslpassword"] = "SSL Password",
        ["options"] = "Options",
        ["keepalives_idle"] = "Keepalive",
        ["host"] = "Host",
        ["port"] = "Port",
        ["user"] = "Username",
        ["password"] = "Password",
        ["dbname"] = "Database",
    };

    public static bool IsPostgreSql(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var text = value.TrimStart();
        if (text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!text.Contains('=', StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var key = part.Split('=', 2)[0].Trim();
            if (key.Equals("Host", StringComparison.OrdinalIgnoreCase) || key.Equals("Server", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public static string ToNpgsql(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        var text = value.Trim();
        var scheme = text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) ? "postgresql://".Length
            : text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) ? "postgres://".Length
            : -1;
        if (scheme < 0)
        {
            try
            {
                return new NpgsqlConnectionStringBuilder(text).ConnectionString;
            }
            catch (ArgumentException exception)
            {
                throw new ArgumentException($"The PostgreSQL connection string is not valid ({Redact(exception.Message)}); expected keys such as Host=…;Database=…;Username=…;Password=….", nameof(value));
            }
        }

        return FromUri(text[scheme..]);
    }

    public static string Describe(string npgsqlConnectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(npgsqlConnectionString);
        var user = string.IsNullOrEmpty(b.Username) ? string.Empty : b.Username + "@";
        return string.Create(CultureInfo.InvariantCulture, $"postgresql://{user}{b.Host ?? "localhost"}:{b.Port}/{b.Database ?? b.Username ?? "postgres"}");
    }

    private static string FromUri(string rest)
    {
        var builder = new NpgsqlConnectionStringBuilder();
        var query = string.Empty;
        var q = rest.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            query = rest[(q + 1)..];
            rest = rest[..q];
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash >= 0 ? rest[..slash] : rest;
        var database = slash >= 0 ? Uri.UnescapeDataString(rest[(slash + 1)..]) : string.Empty;
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            var credentials = authority[..at];
            authority = authority[(at + 1)..];
            var colon = credentials.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon >= 0 ? credentials[..colon] : credentials);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(credentials[(colon + 1)..]);
            }
        }

        if (authority.Length > 0)
        {
            // host[:port][,host[:port]...]: Npgsql takes the same list in Host.
            var hosts = new StringBuilder();
            foreach (var hostPort in authority.Split(','))
            {
                var h = hostPort;
                var port = string.Empty;
                var bracket = h.StartsWith('[') ? h.IndexOf(']', StringComparison.Ordinal) : -1;
                var portColon = h.LastIndexOf(':');
                if (portColon > bracket)
                {
                    port = h[(portColon + 1)..];
                    h = h[..portColon];
                    if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
                    {
                        throw new ArgumentException($"The PostgreSQL URI has the port '{port}', which is not a number from 1 to 65535.", nameof(rest));
                    }
                }

                h = Uri.UnescapeDataString(h.Trim('[', ']'));
                if (hosts.Length > 0)
                {
                    hosts.Append(',');
                }

                hosts.Append(h.Length == 0 ? "localhost" : h);
                if (port.Length > 0)
                {
                    hosts.Append(':').Append(port);
                }
            }

            // One host with a port: Port takes the port (so descriptions show it once).
            var list = hosts.ToString();
            var single = list.Contains(',', StringComparison.Ordinal) ? -1 : list.LastIndexOf(':');
            if (single > 0 && !list.EndsWith(']') && list.IndexOf(':', StringComparison.Ordinal) == single)
            {
                builder.Host = list[..single];
                builder.Port = int.Parse(list[(single + 1)..], CultureInfo.InvariantCulture);
            }
            else
            {
                builder.Host = list;
            }
        }

        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(eq >= 0 ? pair[..eq] : pair);
            var val = eq >= 0 ? Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' ')) : string.Empty;
            if (!UriParameters.TryGetValue(name, out var key))
            {
                throw new ArgumentException($"The PostgreSQL URI has the parameter '{name}', which Alpha.Learning does not know; known: {string.Join(", ", UriParameters.Keys.Order(StringComparer.Ordinal))}.", nameof(rest));
            }

            try
            {
                builder[key] = key == "SSL Mode" ? SslMode(val) : val;
            }
            catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidCastException)
            {
                throw new ArgumentException($"The PostgreSQL URI parameter '{name}' has a value that is not valid.", nameof(rest));
            }
        }

        return builder.ConnectionString;
    }

    private static string SslMode(string value) => value.ToLowerInvariant() switch
    {
        "verify-ca" => "VerifyCA",
        "verify-full" => "VerifyFull",
        var v => v,
    };

    /// <summary>Removes any <c>password=…</c> or <c>user:password@</c> from a message.</summary>
    public static string Redact(string message)
    {
        message = System.Text.RegularExpressions.Regex.Replace(message, "(?i)(password\\s*=\\s*)[^;\\s]*", "$1***");
        return System.Text.RegularExpressions.Regex.Replace(message, "(?i)(postgres(?:ql)?://[^:/@\\s]*):[^@\\s]*@", "$1:***@");
    }
}
