namespace Alpha.Learning.DependencyInjection.Internal;

/// <summary>Marks an action class added with <c>ReplaceBuiltInAction</c>.</summary>
internal sealed record ActionReplacement(Type ActionClass);
