namespace Alpha.Learning.Improvements;

/// <summary>
/// The outcome of <see cref="IImprovementStore.TryReserveImprovementAsync"/>.
/// </summary>
public enum ReservationOutcome
{
    /// <summary>The record was stored: it now counts against the quota.</summary>
    Reserved = 0,

    /// <summary>Nothing was stored: the quota of the window is used up.</summary>
    QuotaExceeded = 1,

    /// <summary>Nothing was stored: an improvement with the same id already exists.</summary>
    AlreadyExists = 2,
}
