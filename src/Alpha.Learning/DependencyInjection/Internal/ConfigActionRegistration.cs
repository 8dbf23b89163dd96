using Alpha.Learning.Analysis;

namespace Alpha.Learning.DependencyInjection.Internal;

/// <summary>Marks an action type that <c>AddConfigAction</c> registered, so a second call adds nothing.</summary>
internal sealed record ConfigActionRegistration(ActionType ActionType);
