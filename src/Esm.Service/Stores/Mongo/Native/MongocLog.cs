using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging.Abstractions;

namespace Esm.Service.Stores.Mongo.Native;

/// <summary>
/// libmongoc's own log lines (server monitoring, reconnects), sent to the broker's log. Left to
/// itself the driver prints every level to stderr, DEBUG included: twice a second per unreachable
/// server, outside the broker's log format and level settings.
/// </summary>
internal static unsafe class MongocLog
{
    /// <summary>
    /// Where the lines go; nothing until the broker names a logger. The handler is process-wide in
    /// libmongoc, so its target is too.
    /// </summary>
    public static ILogger Target { get; set; } = NullLogger.Instance;

    /// <summary>Installs the handler; called once, with <c>mongoc_init</c>.</summary>
    internal static void Install() => LibMongoc.mongoc_log_set_handler(&Write, null);

    /// <summary>The levels of <c>mongoc_log_level_t</c>, in its order.</summary>
    internal static LogLevel LevelOf(int mongocLevel) => mongocLevel switch
    {
        0 => LogLevel.Error,
        1 => LogLevel.Critical,
        2 => LogLevel.Warning,
        3 or 4 => LogLevel.Information,
        5 => LogLevel.Debug,
        _ => LogLevel.Trace,
    };

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Write(int level, byte* domain, byte* message, void* userData)
    {
        // An exception must not unwind into the driver's thread: a line that cannot be logged is dropped.
        try
        {
            var logLevel = LevelOf(level);
            var target = Target;
            if (target.IsEnabled(logLevel))
            {
                target.Log(logLevel, "libmongoc {Domain}: {Message}", Marshal.PtrToStringUTF8((IntPtr)domain), Marshal.PtrToStringUTF8((IntPtr)message));
            }
        }
        catch (Exception)
        {
        }
    }
}
