using Alpha.Learning.Logs;

namespace Alpha.Learning.Tests.Logs;

public class LogQueryTests
{
    [Fact]
    public void Contains_FromInclusiveToExclusive_ComparesInstants()
    {
        var from = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
        var query = new LogQuery { From = from, To = from.AddHours(1) };

        query.Contains(from).Should().BeTrue();
        query.Contains(new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.FromHours(2))).Should().BeTrue("12:00+02:00 is 10:00Z");
        query.Contains(from.AddHours(1)).Should().BeFalse();
        query.Contains(from.AddTicks(-1)).Should().BeFalse();
    }
}
