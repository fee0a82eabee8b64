namespace Esm.Service.Tests.Hostile;

/// <summary>
/// What is on disk where the broker may write: everything under the hostile broker's root (its
/// database and compose folders, and their parent, where a "../" in an id would land) and the
/// entries of the process's current folder (where a relative path would land).
/// </summary>
public static class WorkingDirectory
{
    public static IReadOnlySet<string> List(string root)
    {
        var entries = Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Select(e => Path.GetRelativePath(root, e));
        var current = Directory.EnumerateFileSystemEntries(Directory.GetCurrentDirectory()).Select(e => "cwd:" + Path.GetFileName(e));
        return entries.Concat(current).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Entries that appeared since <paramref name="before"/>, other than the store's own files.</summary>
    public static IReadOnlyList<string> NewSince(IReadOnlySet<string> before, string root) =>
        [.. List(root).Except(before).Where(e => !HostileBroker.StoreFiles.Contains(Path.GetFileName(e))).Order(StringComparer.Ordinal)];
}
