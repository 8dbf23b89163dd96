namespace Alpha.Learning.SimulatedAgent;

/// <summary>The arms run on the same task stream.</summary>
public enum SimulationArm
{
    /// <summary>The config never changes.</summary>
    LoopOff,

    /// <summary>The world's genuine wins applied by hand after the first week.</summary>
    Reference,

    /// <summary>The loop in Manual mode; a person approves what waits and performs proposed rollbacks once a week.</summary>
    Manual,

    /// <summary>The loop in SemiAuto mode; a person approves what waits and performs proposed rollbacks once a week.</summary>
    SemiAuto,

    /// <summary>The loop in FullAuto mode, with no person.</summary>
    FullAuto,
}
