using System.Globalization;

namespace Alpha.Learning.Tests.Analysis;

/// <summary>
/// A deterministic, labelled set of agent-style error messages: each family is one true group. Variable parts
/// include numbers, ids, GUIDs, hex, IPs and ports, URLs, paths, quoted values, e-mail addresses, host names,
/// model names and plain words (tool names, field names) without digits. Some families are deliberately close to
/// each other (same length, one word apart) to measure over-merging, and some have the variable word early.
/// </summary>
internal static class AgentErrorCorpus
{
    private static readonly string[] Tools = ["search", "browse", "calculator", "python_exec", "read_file", "write_file", "sql_query", "send_email"];
    private static readonly string[] Models = ["gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet", "claude-3-haiku", "mistral-large", "llama-3-70b"];
    private static readonly string[] Hosts = ["api.openai.com", "api.anthropic.com", "search.internal.example", "db.prod.local", "cache.eu-west.example.net"];
    private static readonly string[] Words = ["weather in paris", "quarterly revenue", "best pizza near me", "python asyncio tutorial", "stock price", "flight status"];
    private static readonly string[] Fields = ["query", "limit", "url", "path", "timeout", "model"];
    private static readonly string[] Classes = ["SearchParams", "FetchArgs", "EmailRequest", "SqlInput", "FileSpec"];
    private static readonly string[] Extensions = ["pdf", "docx", "xlsx", "pptx", "heic"];
    private static readonly string[] Users = ["alice", "bob", "carol", "dave", "erin"];
    private static readonly string[] Tables = ["users", "orders", "events", "sessions", "invoices"];

    private static readonly (string Name, int Weight, Func<Random, string> Make)[] Families =
    [
        ("conn_timeout", 60, r => $"Connection timeout after {r.Next(1, 120)}s calling {Url(r)}"),
        ("timeout_search", 50, r => $"Timeout after {r.Next(5, 60)}s calling search API"),
        ("timed_out_ms", 40, r => $"Request to {Url(r)} timed out after {r.Next(100, 90000)} ms"),
        ("http_429", 70, r => $"HTTP 429 Too Many Requests: rate limit exceeded for model {Pick(r, Models)}"),
        ("http_503", 40, r => $"HTTP 503 Service Unavailable from {Pick(r, Hosts)}"),
        ("conn_reset_ip", 45, r => $"Connection reset by peer ({Ip(r)}:{r.Next(1024, 65535)})"),
        ("conn_refused", 45, r => $"Connection refused: {Pick(r, Hosts)}:{r.Next(1024, 65535)}"),
        ("errno_104", 30, r => "ConnectionResetError: [Errno 104] Connection reset by peer"),
        ("tool_invalid_params", 50, r => $"Tool '{Pick(r, Tools)}' failed: invalid parameters {{\"{Pick(r, Fields)}\":\"{Pick(r, Words)}\",\"limit\":{r.Next(1, 50)}}}"),
        ("file_not_found", 55, r => $"File not found: {Path(r)}"),
        ("permission_denied", 30, r => $"Permission denied: {Path(r)}"),
        ("invalid_api_key", 20, r => $"Invalid API key provided: sk-{Hex(r, 4)}****{Hex(r, 4)}"),
        ("json_decode", 45, r => $"JSONDecodeError: Expecting value: line {r.Next(1, 400)} column {r.Next(1, 120)} (char {r.Next(0, 90000)})"),
        ("json_delimiter", 35, r => $"JSONDecodeError: Expecting ',' delimiter: line {r.Next(1, 400)} column {r.Next(1, 120)} (char {r.Next(0, 90000)})"),
        ("context_length", 50, r => $"Context length exceeded: {r.Next(8193, 200000)} tokens > {Pick(r, ["8192", "128000", "200000"])} maximum for model {Pick(r, Models)}"),
        ("task_cancelled", 25, r => $"Task {TaskId(r)} cancelled by user {Pick(r, Users)}@example.com"),
        ("sandbox_exit", 40, r => $"Sandbox execution failed with exit code {r.Next(1, 255)}"),
        ("key_error_quoted", 35, r => $"KeyError: '{Pick(r, Fields)}'"),
        ("rate_limit_org", 40, r => $"Rate limit reached for {Pick(r, Models)} in organization org-{Hex(r, 6)} on tokens per min. Limit: {r.Next(1000, 90000)}, Used: {r.Next(1000, 90000)}, Requested: {r.Next(100, 9000)}."),
        ("resolve_host", 30, r => $"Could not resolve host: {Pick(r, Hosts)}"),
        ("tool_empty", 60, r => $"Tool {Pick(r, Tools)} returned empty result for query \"{Pick(r, Words)}\""),
        ("ssl_verify", 20, r => $"SSL: CERTIFICATE_VERIFY_FAILED certificate verify failed: unable to get local issuer certificate (_ssl.c:{r.Next(900, 1100)})"),
        ("oom", 25, r => $"CUDA out of memory. Tried to allocate {r.Next(2, 900)}.{r.Next(0, 99)} MiB (GPU {r.Next(0, 7)}; {r.Next(8, 80)}.00 GiB total capacity)"),
        ("killed_signal", 20, r => $"Process {r.Next(1000, 99999)} killed by signal {Pick(r, ["9", "15"])}"),
        ("db_locked", 30, r => "database is locked"),
        ("db_locked_retries", 25, r => $"database is locked after {r.Next(2, 10)} retries"),
        ("max_iterations", 35, r => $"Agent stopped: max iterations ({r.Next(5, 50)}) reached without a final answer"),
        ("validation_error", 40, r => $"1 validation error for {Pick(r, Classes)}: field {Pick(r, Fields)} is required"),
        ("unsupported_type", 25, r => $"Unsupported file type: {Pick(r, Extensions)}"),
        ("auth_failed_user", 25, r => $"Authentication failed for user {Pick(r, Users)}.{Pick(r, Users)}@corp.example.org"),
        ("no_route", 20, r => $"Cannot connect to {Ip(r)}:{r.Next(1, 65535)}: No route to host"),
        ("gateway_timeout", 30, r => $"504 Gateway Timeout from upstream {Pick(r, Hosts)}"),
        ("lock_timeout", 25, r => $"Timeout waiting for lock on {Pick(r, Tables)} after {r.Next(100, 9000)}ms"),
        ("embedding_dim", 20, r => $"Embedding dimension mismatch: expected {Pick(r, ["768", "1536", "3072"])}, got {Pick(r, ["384", "1024", "4096"])}"),
        ("quota_project", 25, r => $"Quota exceeded for project proj-{Hex(r, 8)}: {r.Next(100, 100000)} requests per day"),
        ("nav_name", 25, r => $"Browser navigation failed: net::ERR_NAME_NOT_RESOLVED at {Url(r)}"),
        ("nav_refused", 20, r => $"Browser navigation failed: net::ERR_CONNECTION_REFUSED at {Url(r)}"),
        ("sql_syntax", 30, r => $"sqlite3.OperationalError: near \"{Pick(r, ["SELEC", "FORM", "WHER", "GROUPBY"])}\": syntax error"),
        ("sql_no_table", 30, r => $"sqlite3.OperationalError: no such table: {Pick(r, Tables)}"),
        ("guid_not_found", 35, r => $"Document {Guid(r)} not found in vector store {Pick(r, ["docs", "kb", "faq"])}"),
        ("trace_hex", 20, r => $"Unhandled exception in worker thread 0x{Hex(r, 12)}"),
        ("llm_invalid_json", 30, r => $"Model output is not valid JSON: unexpected token at position {r.Next(0, 4000)}"),
        ("s3_access", 20, r => $"AccessDenied: Access Denied for s3://agent-artifacts-{r.Next(1, 9)}/{TaskId(r)}/output.json"),
        ("mail_bounce", 15, r => $"SMTP 550 mailbox unavailable for {Pick(r, Users)}@{Pick(r, ["example.com", "mail.example.org"])}"),
    ];

    /// <summary>Returns <paramref name="count"/> (message, true label) pairs, the same on every run.</summary>
    public static IReadOnlyList<(string Message, string Label)> Generate(int count = 1500, int seed = 20261125)
    {
        var random = new Random(seed);
        var total = 0;
        foreach (var family in Families)
        {
            total += family.Weight;
        }

        var result = new List<(string, string)>(count);
        for (var i = 0; i < count; i++)
        {
            var pick = random.Next(total);
            foreach (var family in Families)
            {
                if (pick < family.Weight)
                {
                    result.Add((family.Make(random), family.Name));
                    break;
                }

                pick -= family.Weight;
            }
        }

        return result;
    }

    /// <summary>
    /// Loghub's grouping accuracy: a message counts as right when the group it was put in holds exactly the
    /// messages of its true group.
    /// </summary>
    public static double GroupingAccuracy(IReadOnlyList<string> labels, IReadOnlyList<int> predicted)
    {
        var byPredicted = new Dictionary<int, List<int>>();
        var trueSizes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < labels.Count; i++)
        {
            if (!byPredicted.TryGetValue(predicted[i], out var members))
            {
                byPredicted[predicted[i]] = members = [];
            }

            members.Add(i);
            trueSizes[labels[i]] = trueSizes.GetValueOrDefault(labels[i]) + 1;
        }

        var correct = 0;
        foreach (var members in byPredicted.Values)
        {
            var label = labels[members[0]];
            var pure = members.TrueForAll(m => labels[m] == label);
            if (pure && trueSizes[label] == members.Count)
            {
                correct += members.Count;
            }
        }

        return (double)correct / labels.Count;
    }

    private static string Pick(Random r, string[] values) => values[r.Next(values.Length)];

    private static string Hex(Random r, int length)
    {
        const string digits = "0123456789abcdef";
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = digits[r.Next(16)];
        }

        return new string(chars);
    }

    private static string Ip(Random r) => string.Create(CultureInfo.InvariantCulture, $"{r.Next(1, 255)}.{r.Next(0, 255)}.{r.Next(0, 255)}.{r.Next(1, 255)}");

    private static string TaskId(Random r) => string.Create(CultureInfo.InvariantCulture, $"t-{r.Next(1, 100000)}");

    private static string Guid(Random r) => $"{Hex(r, 8)}-{Hex(r, 4)}-{Hex(r, 4)}-{Hex(r, 4)}-{Hex(r, 12)}";

    private static string Url(Random r) =>
        $"https://{Pick(r, Hosts)}/v{r.Next(1, 3)}/{Pick(r, ["search", "chat/completions", "fetch", "items"])}?q={r.Next(1, 9999)}";

    private static string Path(Random r) =>
        Pick(r, ["/tmp/agent", "/var/data/uploads", "/home/agent/work", "C:\\agent\\cache"]) + (r.Next(2) == 0 ? "/" : "\\") + Pick(r, ["report", "notes", "out", "draft"]) + "_" + r.Next(1, 999).ToString(CultureInfo.InvariantCulture) + "." + Pick(r, Extensions);
}
