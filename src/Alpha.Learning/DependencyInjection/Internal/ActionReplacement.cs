namespace Alpha.Learning.DependencyInjection.Internal;

/// <summary>Marks an action class added with <c>replaceBuiltIn: true</c>.</summary>
internal sealed record ActionReplacement(Type ActionClass);
