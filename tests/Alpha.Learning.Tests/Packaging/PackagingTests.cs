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
}
