namespace Esm.Service.Tests.Support;

/// <summary>Where the tests run from in the repository: tests/Esm.Service.Tests/bin/&lt;configuration&gt;/net10.0.</summary>
public static class Repository
{
    private static DirectoryInfo TestDirectory => new(TestContext.CurrentContext.TestDirectory);

    /// <summary>The build configuration the tests were built in (Debug or Release).</summary>
    public static string Configuration => TestDirectory.Parent!.Name;

    /// <summary>The target framework folder the tests run from (net10.0).</summary>
    public static string TargetFramework => TestDirectory.Name;

    public static string Root => TestDirectory.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
}
