using System.Text.RegularExpressions;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Architecture;

/// <summary>
/// Dependencies run one way: from the HTTP edge toward the domain, from the domain toward its
/// abstractions. Each namespace of src/Esm.Service sits in a layer, and a <c>using</c> may only
/// name a namespace of a lower layer; so no namespace depends, through others, on itself. This is
/// what a project per layer would make the compiler check, kept here for one project.
/// </summary>
public sealed partial class LayeringTests
{
    /// <summary>From the bottom: what each layer is, by namespace (a namespace's sub-namespaces share its layer).</summary>
    private static readonly string[][] Layers =
    [
        ["Failures", "Files"],
        ["Model"],
        ["Telemetry"],
        ["Stores", "Contract"],
        ["Backends"],
        ["Catalog"],
        ["Operations"],
        ["Broker"],
        ["Health", "Http"],
        ["Security"],
        ["Endpoints"],
        ["Hosting"],
    ];

    private static readonly string Source = Path.Combine(Repository.Root, "src", "Esm.Service");

    [Test]
    public void Every_namespace_is_in_a_layer() =>
        Assert.That(Files().Select(f => f.Namespace).Distinct().Where(n => LayerOf(n) < 0), Is.Empty, "a new namespace needs a place in Layers");

    [Test]
    public void Every_using_points_to_a_lower_layer()
    {
        var upward =
            from file in Files()
            from used in file.Usings
            where LayerOf(used) >= 0 && !SameFamily(file.Namespace, used) && LayerOf(used) >= LayerOf(file.Namespace)
            select $"{Path.GetRelativePath(Source, file.Path)}: {file.Namespace} uses {used}";

        Assert.That(upward.ToList(), Is.Empty);
    }

    [Test]
    public void Within_a_namespace_family_sub_namespaces_never_use_their_parent_and_siblings_never_each_other()
    {
        var sideways =
            from file in Files()
            from used in file.Usings
            where SameFamily(file.Namespace, used) && file.Namespace != used && !used.StartsWith(file.Namespace + ".", StringComparison.Ordinal)
                && !IsAbstraction(used)
            select $"{Path.GetRelativePath(Source, file.Path)}: {file.Namespace} uses {used}";

        Assert.That(sideways.ToList(), Is.Empty);
    }

    /// <summary>A family's root namespace holds its abstractions (IStore, IBackend...), which its implementations use.</summary>
    private static bool IsAbstraction(string ns) => ns.Count(c => c == '.') == 2;

    private static bool SameFamily(string a, string b) => Family(a) == Family(b);

    private static string Family(string ns) => ns.Split('.').ElementAtOrDefault(2) ?? ns;

    private static int LayerOf(string ns)
    {
        if (!ns.StartsWith("Esm.Service.", StringComparison.Ordinal) || ns.StartsWith("Esm.Service.Tests", StringComparison.Ordinal))
        {
            return -1;
        }

        var family = Family(ns);
        return Array.FindIndex(Layers, layer => layer.Contains(family));
    }

    /// <summary>Each hand-written file's namespace and the namespaces its usings name (a <c>using static</c> of a type names the type's namespace).</summary>
    private static IReadOnlyList<(string Path, string Namespace, IReadOnlyList<string> Usings)> Files()
    {
        var files = (
            from path in Directory.EnumerateFiles(Source, "*.cs", SearchOption.AllDirectories)
            where !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            let text = File.ReadAllText(path)
            let ns = NamespaceDeclaration().Match(text)
            where ns.Success
            select (Path: path, Namespace: ns.Groups[1].Value, Used: UsingDirective().Matches(text).Select(m => m.Groups[1].Value).ToList())).ToList();
        var declared = files.Select(f => f.Namespace).ToHashSet(StringComparer.Ordinal);
        return [.. files.Select(f => (f.Path, f.Namespace, (IReadOnlyList<string>)[.. f.Used
            .Select(used => declared.Where(n => used == n || used.StartsWith(n + ".", StringComparison.Ordinal)).MaxBy(n => n.Length))
            .OfType<string>()
            .Where(used => used != f.Namespace)]))];
    }

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex NamespaceDeclaration();

    [GeneratedRegex(@"^using\s+(?:static\s+)?(Esm\.Service[\w.]*)\s*;", RegexOptions.Multiline)]
    private static partial Regex UsingDirective();
}
