using System.ComponentModel.DataAnnotations;

namespace Alpha.Learning.Internal;

/// <summary>
/// The configuration key of an option in a validation message. The generated options validators name a member
/// <c>{name}.{Member}</c> (and a nested one <c>{name}.{Member}.{Member}</c>); the wrappers pass the configuration section as
/// the name (<c>AlphaLearning:Loop</c>), so the key is that display name with <c>.</c> read as <c>:</c>.
/// </summary>
internal static class SettingKey
{
    public static string Of(ValidationContext context) =>
        (context.DisplayName ?? context.MemberName ?? context.ObjectType.Name).Replace('.', ':');
}
