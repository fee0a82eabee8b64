using System.Globalization;

namespace Esm.Service.Tests.Hostile;

/// <summary>Counts the hostile requests sent, and says how many when the hostile suites are done.</summary>
[SetUpFixture]
public sealed class HostileInputTally
{
    private static long _tried;

    public static long Tried => Interlocked.Read(ref _tried);

    public static void Count() => Interlocked.Increment(ref _tried);

    [OneTimeTearDown]
    public void Report()
    {
        var line = $"hostile inputs tried: {Tried.ToString("N0", CultureInfo.InvariantCulture)}";
        TestContext.Out.WriteLine(line);
        TestContext.Progress.WriteLine(line);
    }
}
