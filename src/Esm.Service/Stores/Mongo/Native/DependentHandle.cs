using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Esm.Service.Stores.Mongo.Native;

/// <summary>
/// A native handle that libmongoc requires to be released before the handle it came from (a client before
/// its pool, a collection before its client, a cursor before its collection's client). It holds a reference
/// on that owner from just before the native object exists until just after it is released, so neither
/// a concurrent <c>Dispose</c> of the owner nor finalizers running in any order can break that rule.
/// </summary>
internal abstract class DependentHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private readonly SafeHandle _owner;

    protected DependentHandle(SafeHandle owner)
        : base(ownsHandle: true)
    {
        _owner = owner;
    }

    /// <summary>The owner's native pointer, valid for as long as this handle is.</summary>
    protected IntPtr OwnerPointer => _owner.DangerousGetHandle();

    /// <summary>References the owner, then takes ownership of what <paramref name="create"/> returns.</summary>
    /// <exception cref="ObjectDisposedException">The owner has already been disposed.</exception>
    protected void Acquire(Func<IntPtr> create)
    {
        bool referenced = false;
        try
        {
            _owner.DangerousAddRef(ref referenced);
            IntPtr created = create();
            if (created == IntPtr.Zero)
            {
                throw new InvalidOperationException($"libmongoc returned no object for {GetType().Name}.");
            }

            SetHandle(created);
        }
        catch
        {
            if (referenced)
            {
                _owner.DangerousRelease();
            }

            throw;
        }
    }

    protected sealed override bool ReleaseHandle()
    {
        Release(handle, OwnerPointer);
        _owner.DangerousRelease();
        return true;
    }

    /// <summary>Frees the native object while its owner is still guaranteed alive.</summary>
    protected abstract void Release(IntPtr native, IntPtr owner);
}
