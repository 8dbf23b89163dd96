namespace Alpha.Learning.Internal;

/// <summary>
/// Every log event id of Alpha.Learning in one table, a range per stage, so that an id names one event whichever
/// stage logs it: Analysis 1000–1999, Logs 2000–2999, Improvements 3000–3999, Loop 4000–4999, Storage 5000–5999,
/// Alerts 6000–6999, the OpenTelemetry exporter package 7000–7999. Every <c>[LoggerMessage]</c> takes its id from here;
/// a new event takes the next free id of its stage's range.
/// </summary>
internal static class EventIds
{
    /// <summary>Log analysis (1000–1999).</summary>
    internal static class Analysis
    {
        public const int AnalysisStarted = 1001;
        public const int AnalysisFinished = 1002;
        public const int DetectorFailed = 1003;
        public const int RecommendFailed = 1004;
    }

    /// <summary>Configuration stores (3000–3099) and the improvement executor (3100–3999).</summary>
    internal static class Improvements
    {
        public const int ConfigApplied = 3001;
        public const int ConfigConflict = 3002;
        public const int OrphansRemoved = 3003;
        public const int ConfigRefused = 3004;
        public const int Applied = 3101;
        public const int DryRun = 3102;
        public const int Queued = 3103;
        public const int QuotaExceeded = 3104;
        public const int ApplyConflict = 3105;
        public const int GuardrailRefused = 3106;
        public const int PlanFailed = 3107;
        public const int RolledBack = 3108;
        public const int RollbackRefused = 3109;
        public const int Reconciled = 3110;
        public const int Recovered = 3111;
        public const int CommitLost = 3112;
    }

    /// <summary>The feedback loop (4000–4799), fleet mode (4800–4899) and its retention (4900–4999).</summary>
    internal static class Loop
    {
        public const int CycleStarted = 4001;
        public const int CycleFinished = 4002;
        public const int CycleFailed = 4003;
        public const int CycleSkipped = 4004;
        public const int RolledBack = 4005;
        public const int DroppedToManual = 4006;
        public const int SchedulerError = 4007;
        public const int Started = 4008;
        public const int Recovered = 4009;
        public const int AlertsFailed = 4010;
        public const int FleetReported = 4801;
        public const int FleetMerged = 4802;
        public const int FleetUnreadable = 4803;
        public const int RetentionPurged = 4901;
        public const int RetentionPurgeFailed = 4902;
    }

    /// <summary>The learning store (5000–5999). Before this table it used 4001–4003, the loop's ids.</summary>
    internal static class Storage
    {
        public const int Migrated = 5001;
        public const int Opened = 5002;
        public const int StoreFailed = 5003;

        /// <summary>The PostgreSQL store of the Alpha.Learning.PostgreSql package.</summary>
        public const int PostgreSqlMigrated = 5101;
        public const int PostgreSqlOpened = 5102;
        public const int PostgreSqlFailed = 5103;
    }

    /// <summary>Alerts (6000–6999).</summary>
    internal static class Alerts
    {
        public const int Alert = 6000;
        public const int SinkFailed = 6001;
        public const int WebhookQueueFull = 6002;
        public const int WebhookRetry = 6003;
        public const int WebhookGaveUp = 6004;
    }

    /// <summary>The Alpha.Learning.OpenTelemetry exporter (7000–7999). Before this table it used 4001–4005, the loop's ids.</summary>
    internal static class Exporter
    {
        public const int WriteFailed = 7001;
        public const int WriteRecovered = 7002;
        public const int QueueFull = 7003;
        public const int UnusableSpan = 7004;
        public const int MappingFailed = 7005;
    }
}
