namespace Esm.Service.Files;

/// <summary>
/// Files and folders only the broker's user may read: the store holds binding credentials, and an
/// instance's folder its generated secrets. On Windows, where Unix modes do not apply, folders
/// inherit their parent's access list instead.
/// </summary>
public static class OwnerOnlyFiles
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the folder and every missing parent owner-only; a folder that exists is left as it is.</summary>
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        // Directory.CreateDirectory gives the mode to the last folder only, not to the parents it creates.
        var missing = new Stack<string>();
        for (var folder = Path.GetFullPath(path); !Directory.Exists(folder); folder = Path.GetDirectoryName(folder)!)
        {
            missing.Push(folder);
        }

        foreach (var folder in missing)
        {
            Directory.CreateDirectory(folder, FolderMode);
        }
    }

    /// <summary>Creates an empty owner-only file unless one exists; one that exists is made owner-only.</summary>
    public static void CreateOrRestrict(string path)
    {
        if (!File.Exists(path))
        {
            using var created = new FileStream(path, WriteOptions(System.IO.FileMode.CreateNew));
            return;
        }

        Restrict(path);
    }

    /// <summary>Takes away what group and others may do with an existing file, if anything.</summary>
    public static void Restrict(string path)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path) && (File.GetUnixFileMode(path) & ~FileMode) != 0)
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) & FileMode);
        }
    }

    /// <summary>Options that create a file owner-only.</summary>
    public static FileStreamOptions WriteOptions(System.IO.FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        return options;
    }
}
