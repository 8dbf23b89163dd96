namespace ChatAgent;

/// <summary>The agent's own check refused an answer.</summary>
public sealed class AnswerRejectedException : Exception
{
    public AnswerRejectedException()
    {
    }

    public AnswerRejectedException(string message)
        : base(message)
    {
    }

    public AnswerRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
