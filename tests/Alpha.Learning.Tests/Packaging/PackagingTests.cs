using System.Xml.Linq;

namespace Alpha.Learning.Tests.Packaging;

public class PackagingTests
{
    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Alpha.Learning.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository root (Alpha.Learning.sln) was not found above the test folder.");
    }

    [Fact]
    public void Nuspec_MatchesTheProject()
    {
        var root = Root();
        XNamespace ns = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";
        var nuspec = XDocument.Load(Path.Combine(root, "Alpha.Learning.nuspec")).Root!.Element(ns + "metadata")!;
        var project = XDocument.Load(Path.Combine(root, "src", "Alpha.Learning", "Alpha.Learning.csproj")).Root!;
        var props = XDocument.Load(Path.Combine(root, "Directory.Build.props")).Root!;
        var versions = XDocument.Load(Path.Combine(root, "Directory.Packages.props")).Root!
            .Descendants("PackageVersion").ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!);

        static string Property(XElement doc, string name) => doc.Descendants(name).Select(e => e.Value).First();

        nuspec.Element(ns + "id")!.Value.Should().Be(Property(project, "PackageId"));
        nuspec.Element(ns + "version")!.Value.Should().Be(Property(props, "VersionPrefix"));
        nuspec.Element(ns + "description")!.Value.Should().Be(Property(project, "Description"));
        nuspec.Element(ns + "license")!.Value.Should().Be(Property(props, "PackageLicenseExpression"));
        nuspec.Element(ns + "authors")!.Value.Should().Be(Property(props, "Authors"));
        nuspec.Element(ns + "tags")!.Value.Should().Be(Property(project, "PackageTags").Replace(';', ' '));

        var expected = project.Descendants("PackageReference")
            .Where(e => e.Attribute("PrivateAssets") is null)
            .Select(e => (string)e.Attribute("Include")!)
            .ToDictionary(id => id, id => versions[id]);
        var actual = nuspec.Descendants(ns + "dependency").ToDictionary(e => (string)e.Attribute("id")!, e => (string)e.Attribute("version")!);
        actual.Should().BeEquivalentTo(expected);
    }

    [Fact]
    public void Nuspec_MicrosoftExtensionsOfTheTargetFrameworksLine_AndSqlitePclDeclared()
    {
        // A net10.0 library asks for the 10.0 Microsoft.Extensions it needs, not a newer line: an 11.x package brings its
        // own System.Text.Json, DiagnosticSource, Pipelines and Encodings.Web into every app (and the tool) although the
        // .NET 10 runtime has them. The store calls SQLitePCL directly, so the package says so.
        XNamespace ns = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";
        var dependencies = XDocument.Load(Path.Combine(Root(), "Alpha.Learning.nuspec")).Root!.Descendants(ns + "dependency")
            .ToDictionary(e => (string)e.Attribute("id")!, e => (string)e.Attribute("version")!);

        dependencies.Where(d => d.Key.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal))
            .Should().NotBeEmpty().And.OnlyContain(d => d.Value.StartsWith("10.0.", StringComparison.Ordinal));
        dependencies.Should().ContainKey("SQLitePCLRaw.core");
    }

    [Fact]
    public void CliProject_IsPackedAsTheAlphaLearnTool()
    {
        var project = XDocument.Load(Path.Combine(Root(), "src", "Alpha.Learning.Cli", "Alpha.Learning.Cli.csproj")).Root!;

        static string? Property(XElement doc, string name) => doc.Descendants(name).Select(e => e.Value).FirstOrDefault();

        Property(project, "IsPackable").Should().Be("true");
        Property(project, "PackAsTool").Should().Be("true");
        Property(project, "PackageId").Should().Be("Alpha.Learning.Cli");
        Property(project, "ToolCommandName").Should().Be("alpha-learn");
        Property(project, "PackageReadmeFile").Should().Be("README.md");
        project.Descendants("None").Where(e => (string?)e.Attribute("Pack") == "true").Select(e => Path.GetFileName((string)e.Attribute("Include")!))
            .Should().BeEquivalentTo("README.md", "LICENSE");
    }

    [Fact]
    public void Projects_OnlyTheLibrariesAndTheToolArePackable()
    {
        var root = Root();
        var packable = Directory.EnumerateFiles(root, "*.csproj", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(path => XDocument.Load(path).Root!.Descendants("IsPackable").Any(e => e.Value == "true"))
            .Select(path => Path.GetFileNameWithoutExtension(path));

        packable.Should().BeEquivalentTo("Alpha.Learning", "Alpha.Learning.OpenTelemetry", "Alpha.Learning.PostgreSql", "Alpha.Learning.Cli");
    }

    [Theory]
    [InlineData("Alpha.Learning.OpenTelemetry", "OpenTelemetry")]
    [InlineData("Alpha.Learning.PostgreSql", "Npgsql")]
    public void OptionalPackage_PackagesLikeTheLibrary(string packageId, string dependency)
    {
        var root = Root();
        var library = XDocument.Load(Path.Combine(root, "src", "Alpha.Learning", "Alpha.Learning.csproj")).Root!;
        var project = XDocument.Load(Path.Combine(root, "src", packageId, packageId + ".csproj")).Root!;
        static string Property(XElement doc, string name) => doc.Descendants(name).Select(e => e.Value).First();

        Property(project, "PackageId").Should().Be(packageId);
        foreach (var name in new[] { "PackageReadmeFile", "EmbedUntrackedSources", "IncludeSymbols", "SymbolPackageFormat", "IsAotCompatible" })
        {
            Property(project, name).Should().Be(Property(library, name), $"{name} is set as in the library");
        }

        project.Descendants("PackageReference").Select(e => (string)e.Attribute("Include")!).Should().Contain(dependency);
        project.Descendants("ProjectReference").Select(e => (string)e.Attribute("Include")!).Should().Contain("../Alpha.Learning/Alpha.Learning.csproj");
    }

    [Fact]
    public void Build_SourceLinkRepositoryAndDeterminism_OnByDefault()
    {
        var props = XDocument.Load(Path.Combine(Root(), "Directory.Build.props")).Root!;

        static string? Property(XElement doc, string name) => doc.Descendants(name).Select(e => e.Value).FirstOrDefault();

        Property(props, "RepositoryUrl").Should().StartWith("https://");
        Property(props, "PublishRepositoryUrl").Should().Be("true");
        Property(props, "Deterministic").Should().Be("true");
        props.Descendants("EnableSourceLink").Should().BeEmpty("SourceLink is the SDK's own and on by default; no property turns it off");
    }

    [Fact]
    public void PackageTargets_AbsoluteReadmeLinksAndPublicXmlDocs()
    {
        var targets = File.ReadAllText(Path.Combine(Root(), "Directory.Build.targets"));
        var tool = XDocument.Load(Path.Combine(Root(), "src", "Alpha.Learning.Cli", "Alpha.Learning.Cli.csproj")).Root!;

        targets.Should().Contain("_AlphaLearningPackageReadme").And.Contain("_AlphaLearningPublicXmlDocs");
        tool.Descendants("AlphaLearnToolRuntimes").Single().Value.Split('|').Should().Contain(["linux-x64", "osx-arm64", "win-x64"]).And.NotContain("browser-wasm");
    }
}
