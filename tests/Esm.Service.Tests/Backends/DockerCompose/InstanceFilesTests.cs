using System.Runtime.Versioning;
using Esm.Service.Backends.DockerCompose;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Backends.DockerCompose;

/// <summary>An instance's folder holds its secrets: only the broker's user may enter it (no engine needed).</summary>
[Platform(Exclude = "Win", Reason = "Unix file modes")]
[UnsupportedOSPlatform("windows")]
public sealed class InstanceFilesTests
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Test]
    public void The_work_folder_it_creates_the_instance_folder_and_every_file_are_owner_only()
    {
        using var root = new TemporaryDirectory();
        var workDirectory = Path.Combine(root.Path, "data", "compose");
        var project = ComposeProject.Of("instance", new DockerComposeOptions { WorkDirectory = workDirectory });

        new InstanceFiles("services: {}", "services: {}", "password='secret'", "{\"password\":\"secret\"}").WriteTo(project);

        foreach (var folder in new[] { Path.Combine(root.Path, "data"), workDirectory, project.Folder })
        {
            Assert.That(File.GetUnixFileMode(folder), Is.EqualTo(OwnerOnlyFolder), folder);
        }

        foreach (var file in Directory.GetFiles(project.Folder))
        {
            Assert.That(File.GetUnixFileMode(file), Is.EqualTo(OwnerOnlyFile), file);
        }

        Assert.That(Directory.GetFiles(project.Folder), Has.Length.EqualTo(4));
    }
}
