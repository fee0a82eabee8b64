using System.Globalization;
using FsCheck;
using FsCheck.Fluent;

namespace Esm.Service.Tests.Hostile;

/// <summary>
/// A fixture that attacks a seeded broker with batches of requests none of which can succeed in
/// changing anything (each is a read, or is built to be refused). After each batch the store's
/// content, as the operator API shows it, must equal the snapshot taken before, and no file may
/// have appeared where the broker writes. Each property runs as an FsCheck property, without
/// shrinking (a failure reports the request itself).
/// </summary>
public abstract class HostileFixture
{
    private string _storeBefore = string.Empty;
    private IReadOnlySet<string> _filesBefore = new HashSet<string>();
    private long _triedBefore;

    protected HostileBroker Broker { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartBrokerAsync()
    {
        Broker = new HostileBroker();
        await Seeds.PlantAsync(Broker);
        _storeBefore = await StoreSnapshot.TakeAsync(Broker.Operator.Http);
        _filesBefore = WorkingDirectory.List(Broker.Root);
    }

    [OneTimeTearDown]
    public void StopBroker() => Broker.Dispose();

    [SetUp]
    public void StartCounting() => _triedBefore = HostileInputTally.Tried;

    [TearDown]
    public async Task NothingChangedAsync()
    {
        TestContext.Out.WriteLine($"hostile inputs tried: {(HostileInputTally.Tried - _triedBefore).ToString("N0", CultureInfo.InvariantCulture)}");
        Broker.ReportErrorsOfFailedTest();
        Assert.That(await StoreSnapshot.TakeAsync(Broker.Operator.Http), Is.EqualTo(_storeBefore), "the store changed");
        Assert.That(WorkingDirectory.NewSince(_filesBefore, Broker.Root), Is.Empty, "files appeared where the broker writes");
    }

    /// <summary>Checks, for <paramref name="cases"/> inputs drawn from <paramref name="inputs"/>, that every attempt made of each is answered cleanly.</summary>
    protected void Check<T>(Gen<T> inputs, Func<T, IEnumerable<Attempt>> attempts, int cases)
    {
        var property = Prop.ForAll(Arb.From(inputs), async input =>
        {
            foreach (var attempt in attempts(input))
            {
                using var response = await Broker.SendAsync(attempt.Request);
                await CleanRefusal.CheckAsync(attempt, response);
            }
        });
        property.Check(Config.QuickThrowOnFailure.WithMaxTest(cases).WithQuietOnSuccess(true));
    }
}
