namespace Tether;

// Freeing the slots' weak GC handles when the table is disposed, while lookups may still be reading them:
// see WeakReaders for the scheme and its argument on weak memory models.
internal sealed partial class SlotTable
{
    // This table's id in the threads' weak-read marks (WeakReaders): never 0, never reused.
    private readonly long _readerId = WeakReaders.NextId();

    /// <summary>
    /// After <see cref="Shutdown"/> (every slot free): waits until no lookup is reading a weak GC handle of
    /// this table, then frees them all, so a disposed table holds no GC handle even while it is referenced.
    /// Called once, by the caller whose Shutdown came first.
    /// </summary>
    public void FreeWeakHandles()
    {
        if (_store.Handles.Count > 0)
            WeakReaders.WaitForReaders(_readerId);
        _store.Handles.FreeNow();
    }
}
