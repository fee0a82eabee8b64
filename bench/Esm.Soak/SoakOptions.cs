namespace Esm.Soak;

/// <summary>How long and how hard to soak: options from the command line (--name value).</summary>
public sealed record SoakOptions(TimeSpan Duration, TimeSpan KillEvery, int Clients, string Repository)
{
    public static SoakOptions Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var index = Array.IndexOf(args, "--" + name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }

        return new SoakOptions(
            TimeSpan.FromSeconds(double.Parse(Value("seconds", "600"), System.Globalization.CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(double.Parse(Value("kill-every", "120"), System.Globalization.CultureInfo.InvariantCulture)),
            int.Parse(Value("clients", "32"), System.Globalization.CultureInfo.InvariantCulture),
            Path.GetFullPath(Value("repository", FindRepository())));
    }

    private static string FindRepository()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "api.yaml")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Run from inside the repository, or pass --repository.");
    }
}
