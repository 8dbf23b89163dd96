using System.Text.Json;
using System.Text.Json.Serialization;

namespace Alpha.Learning.Internal;

/// <summary>
/// <see cref="JsonStringEnumConverter{TEnum}"/> with the snake_case naming policy and no integer values: the contract's
/// spelling of an enum (<c>DryRun</c> → <c>dry_run</c>, <c>P95Duration</c> → <c>p95_duration</c>).
/// </summary>
/// <typeparam name="TEnum">The enum.</typeparam>
internal sealed class SnakeCaseEnumConverter<TEnum> : JsonStringEnumConverter<TEnum>
    where TEnum : struct, Enum
{
    public SnakeCaseEnumConverter()
        : base(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    {
    }
}
