namespace Alpha.Learning.Analysis.Internal;

/// <summary>How an error is handled: a timeout, another transient error (worth a retry) or a permanent one.</summary>
internal enum ErrorClass
{
    Permanent,
    Transient,
    Timeout,
}
