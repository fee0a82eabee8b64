namespace Esm.Service.Catalog;

/// <summary>
/// The file a plan's manifest names beside its service.yaml. A catalog names files, not paths: one
/// outside the offering's folder is refused. The esm command line compiles this file too, so that
/// `esm catalog apply` reads a folder by the broker's rule.
/// </summary>
public static class ManifestFile
{
    /// <summary>The file's full path, or null when it is not a file inside <paramref name="folder"/>.</summary>
    public static string? PathInside(string folder, string name)
    {
        var root = Path.GetFullPath(folder) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(folder, name));
        return full.StartsWith(root, StringComparison.Ordinal) && File.Exists(full) ? full : null;
    }
}
