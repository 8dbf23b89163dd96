using Alpha.Learning.DependencyInjection;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Alpha.Learning.Cli;

/// <summary>
/// Closed registrations of the generic options services every command resolves. The options library registers them
/// open (<c>IOptions&lt;&gt;</c> → <c>UnnamedOptionsManager&lt;&gt;</c>, <c>IOptionsFactory&lt;&gt;</c> →
/// <c>OptionsFactory&lt;&gt;</c>), which the native tool can only close by building the types at run time (about
/// 1 M instructions each, with the type loader's own start); closed here, the compiler builds them ahead of time.
/// </summary>
/// <remarks>
/// Same behaviour: the options are made once, by the same factory, from the same configure, post-configure and
/// validate registrations, so a validation failure is the same <see cref="OptionsValidationException"/>.
/// </remarks>
internal static class NativeServices
{
    public static void AddClosedOptions(IServiceCollection services)
    {
        services.TryAddTransient<IOptionsFactory<AlphaLearningOptions>>(sp => new OptionsFactory<AlphaLearningOptions>(
            sp.GetServices<IConfigureOptions<AlphaLearningOptions>>(),
            sp.GetServices<IPostConfigureOptions<AlphaLearningOptions>>(),
            sp.GetServices<IValidateOptions<AlphaLearningOptions>>()));
        services.TryAddSingleton<IOptions<AlphaLearningOptions>>(sp => new OptionsManager<AlphaLearningOptions>(sp.GetRequiredService<IOptionsFactory<AlphaLearningOptions>>()));
    }
}
