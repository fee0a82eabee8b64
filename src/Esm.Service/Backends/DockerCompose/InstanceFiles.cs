using Esm.Service.Files;

namespace Esm.Service.Backends.DockerCompose;

/// <summary>
/// What an instance's folder holds: the rendered manifest, ESM's override (labels), the env file
/// with the instance's variables and the secrets file, all readable by the broker's user only, in
/// a folder only it may enter (as is the work folder, when the broker creates it). Each file is
/// replaced whole (written aside, then moved), never left half-written.
/// </summary>
public sealed record InstanceFiles(string Manifest, string Override, string Env, string Secrets)
{
    /// <summary>The files as they are, or null when the folder does not hold a complete set.</summary>
    public static InstanceFiles? ReadFrom(ComposeProject project) =>
        project.HasFiles && File.Exists(project.SecretsPath)
            ? new InstanceFiles(File.ReadAllText(project.ManifestPath), File.ReadAllText(project.OverridePath), File.ReadAllText(project.EnvPath), File.ReadAllText(project.SecretsPath))
            : null;

    /// <exception cref="BackendException">The folder cannot be written (a work directory the broker may not write to).</exception>
    public void WriteTo(ComposeProject project) => InFolder(project, () =>
    {
        OwnerOnlyFiles.CreateFolder(project.Folder);

        // The secrets first: a crash after them but before the env file still lets a resumed provision reuse them.
        Replace(project.SecretsPath, Secrets);
        Replace(project.EnvPath, Env);
        Replace(project.OverridePath, Override);
        Replace(project.ManifestPath, Manifest);
    });

    public static void RemoveFrom(ComposeProject project) => InFolder(project, () =>
    {
        if (Directory.Exists(project.Folder))
        {
            Directory.Delete(project.Folder, recursive: true);
        }
    });

    private static void InFolder(ComposeProject project, Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BackendException($"The instance's folder {project.Folder} cannot be written ({e.Message}); check ESM_COMPOSE_WORK_DIR.", inner: e);
        }
    }

    private static void Replace(string path, string content)
    {
        var aside = path + ".new";
        using (var writer = new StreamWriter(aside, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), OwnerOnlyFiles.WriteOptions(FileMode.Create)))
        {
            writer.Write(content);
        }

        File.Move(aside, path, overwrite: true);
    }
}
