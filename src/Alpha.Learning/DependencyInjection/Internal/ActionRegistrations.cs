using Alpha.Learning.Analysis;

namespace Alpha.Learning.DependencyInjection.Internal;

/// <summary>Marks an action class added with <c>replaceBuiltIn: true</c>.</summary>
internal sealed record ActionReplacement(Type ActionClass);

/// <summary>Marks an action type that <c>AddConfigAction</c> registered, so a second call adds nothing.</summary>
internal sealed record ConfigActionRegistration(ActionType ActionType);
