using System.Runtime.InteropServices;
using Esm.Service.Stores.Mongo.Native;

namespace Esm.Service.Tests.Stores.Mongo.Native;

/// <summary>
/// Leak checks. libmongoc and libbson allocate with malloc, so glibc's count of bytes in use catches leaked
/// documents, cursors and clients; leaked pools would also keep sockets open, and a client that is not
/// pushed back would block the next operation on a pool of one.
/// </summary>
[TestFixture]
public sealed class NativeResourceTests
{
    private const int Connections = 100;
    private const int RoundsPerConnection = 4;
    private const int MeasuredBatches = 3;

    [Test]
    public void TwoThousandOperationsOnShortLivedConnectionsLeakNeitherMemoryNorSockets()
    {
        MongoTestServer.Connect().Dispose();
        string uri = MongoTestServer.Uri + (MongoTestServer.Uri.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "maxPoolSize=1";
        string collectionName = MongoTestServer.FreshCollectionName();

        // glibc's count is process-wide: whatever else allocates or frees at that moment (the JIT,
        // other fixtures' background work) moves it now and then, either way. A leak grows every
        // batch by the same amount, so the median growth of a few equal batches is the driver's own.
        Task<(NativeUsage First, NativeUsage Last, long MedianGrowth)> run = Task.Run(() =>
        {
            WarmUp(uri, collectionName);
            NativeUsage first = Measure();
            NativeUsage previous = first;
            var growths = new List<long>();
            for (int batch = 0; batch < MeasuredBatches; batch++)
            {
                RunConnections(uri, collectionName, Connections);
                NativeUsage current = Measure();
                growths.Add(current.MallocBytes - previous.MallocBytes);
                previous = current;
            }

            growths.Sort();
            return (first, previous, growths[growths.Count / 2]);
        });
        Assert.That(run.Wait(TimeSpan.FromMinutes(2)), Is.True, "The operations hung: a client was probably not returned to its pool.");
        (NativeUsage first, NativeUsage last, long medianGrowth) = run.Result;
        TestContext.Out.WriteLine($"first: {first}, last: {last}, median growth of a batch: {medianGrowth}");

        Assert.Multiple(() =>
        {
            Assert.That(last.OpenFiles, Is.LessThanOrEqualTo(first.OpenFiles + 5), "open file descriptors");
            Assert.That(medianGrowth, Is.LessThan(512 * 1024), "growth of malloc'd bytes in use over 2,000 operations");
        });
    }

    // The tiered JIT mallocs megabytes while it recompiles hot methods; let it settle so only the driver is measured.
    private static void WarmUp(string uri, string collectionName)
    {
        for (int pass = 0; pass < 3; pass++)
        {
            RunConnections(uri, collectionName, Connections / 4);
            Thread.Sleep(TimeSpan.FromMilliseconds(500));
        }
    }

    // Five operations per round: 100 connections x 4 rounds x 5 = 2,000 operations.
    private static void RunConnections(string uri, string collectionName, int connections)
    {
        for (int c = 0; c < connections; c++)
        {
            using var connection = new MongoConnection(uri, MongoTestServer.DatabaseName);
            MongoCollection collection = connection.GetCollection(collectionName);
            for (int i = 0; i < RoundsPerConnection; i++)
            {
                collection.InsertOne($$"""{"c": {{c}}, "i": {{i}}, "payload": "{{new string('x', 512)}}"}""");
                collection.Find("""{"i": 0}""", sortJson: """{"c": -1}""", limit: 5);
                collection.UpdateOne($$"""{"c": {{c}}, "i": {{i}}}""", """{"$inc": {"version": 1}}""");
                collection.CountDocuments("""{"i": 0}""");
                collection.DeleteOne($$"""{"c": {{c}}, "i": {{i}}}""");
            }
        }
    }

    private static NativeUsage Measure()
    {
        // Finalizers would hide a missing Dispose, so only deterministic releases may count: collect first.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        MallInfo2 info = mallinfo2();
        return new NativeUsage(Directory.GetFiles("/proc/self/fd").Length, (long)(info.InUseChunkBytes + info.MappedBytes));
    }

    private readonly record struct NativeUsage(int OpenFiles, long MallocBytes);

    // DllImport rather than LibraryImport: the test project does not allow unsafe code.
    [DllImport("libc.so.6")]
    private static extern MallInfo2 mallinfo2();

    // glibc's struct mallinfo2 (all size_t); the other fields describe free space.
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct MallInfo2
    {
        public readonly nuint Arena;
        public readonly nuint OrdinaryFreeChunks;
        public readonly nuint SmallFreeChunks;
        public readonly nuint MappedChunks;
        public readonly nuint MappedBytes;
        public readonly nuint MaxTotalAllocated;
        public readonly nuint FastbinFreeBytes;
        public readonly nuint InUseChunkBytes;
        public readonly nuint FreeChunkBytes;
        public readonly nuint KeepCost;
    }
}
