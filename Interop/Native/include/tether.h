/*
 * tether.h: checked handles to the .NET objects of a NativeAOT library (Tether.Native).
 *
 * A handle is an int64_t. A valid one is positive (1 .. 2^53-1); a negative value is an error code, the same
 * codes the Tether Wasm guest ABI answers. Any int64_t may be passed to any function: a stale, forged,
 * out-of-range, wrong-type or other-table value is answered with its code, never a crash, never another object.
 *
 * Threads: every function may be called from any thread, at the same time as any other. Lookups take no lock.
 * No function blocks, except tether_set_notice_callback and tether_shutdown, which wait for a callback running on
 * the notice thread (another thread) to return.
 *
 * Notices: when the garbage collector collects an object held loosely (tether_loosen), its handle is reported
 * once. Read the reports with tether_next_notice (poll), or register a callback with tether_set_notice_callback.
 * The callback runs on Tether's notice thread, never the finalizer thread, with no Tether lock held: it may call
 * any function of this header, or block (reports then wait in the queue; nothing else waits).
 *
 * Shutdown: tether_shutdown ends every handle (owned objects are disposed) and stops the callback. Afterwards
 * every function answers TETHER_DISPOSED (-6) (tether_state: TETHER_STATE_DROPPED for every handle the table
 * issued, TETHER_STATE_UNKNOWN for other values), for the rest of the process: a NativeAOT library cannot be
 * unloaded (dlclose does not unload it), so there is no way back.
 */
#ifndef TETHER_H
#define TETHER_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The ABI this header describes; tether_abi_version() answers the library's. */
#define TETHER_ABI_VERSION 1

/* Codes. 0 is success; each error is a Tether HandleErrorCode, negated (GuestCode in .NET). */
#define TETHER_OK 0
#define TETHER_UNKNOWN (-1)          /* never issued: forged, 0, out of range */
#define TETHER_DROPPED (-2)          /* issued, then dropped */
#define TETHER_COLLECTED (-3)        /* held loosely, and the GC collected the object */
#define TETHER_WRONG_TYPE (-4)       /* a current handle of an object of another type */
#define TETHER_WRONG_TABLE (-5)      /* a handle of another table of the library */
#define TETHER_DISPOSED (-6)         /* after tether_shutdown */
#define TETHER_TABLE_FULL (-7)       /* the table holds its capacity */
#define TETHER_NULL_RESOURCE (-8)    /* the library tried to hand out a null object */
#define TETHER_NO_COMPACT_FORM (-9)  /* (Wasm i32 form only) */
#define TETHER_INVALID_ARGUMENT (-10) /* a NULL pointer where one is needed */
#define TETHER_DISPOSE_FAILED (-11)  /* dropped, but the owned object's Dispose failed */
#define TETHER_WRONG_SCOPE (-12)     /* (Wasm scopes only) */

/* States, as tether_state answers them. */
#define TETHER_STATE_UNKNOWN 0
#define TETHER_STATE_ALIVE 1
#define TETHER_STATE_DROPPED 2
#define TETHER_STATE_COLLECTED 3

/* The table's counts: live strong and loose handles, collected handles not yet dropped, free and resting slots. */
typedef struct tether_counts_t {
    int32_t strong;
    int32_t weak;
    int32_t collected;
    int32_t free;
    int32_t retired;
} tether_counts_t;

/* A notice callback: the handle whose object was collected, and the context given at registration. */
typedef void (*tether_notice_fn)(int64_t handle, void* context);

/* TETHER_ABI_VERSION of the library. */
int tether_abi_version(void);

/* 0 when the handle is current and its object alive, else its code (-1, -2, -3, -5, -6). */
int tether_lookup(int64_t handle);

/* TETHER_STATE_*: what the table knows of the handle, without fetching its object. */
int tether_state(int64_t handle);

/* Ends the handle; an object the table owns is disposed. 0, or a code (-2 when dropped already). */
int tether_drop(int64_t handle);

/* Holds the object loosely: the GC may collect it, and a notice reports it. 0, or a code. */
int tether_loosen(int64_t handle);

/* Holds the object firmly again, if it still lives. 0, or a code (-3 when it was collected). */
int tether_tighten(int64_t handle);

/* Writes the table's counts. 0, TETHER_INVALID_ARGUMENT for NULL, TETHER_DISPOSED after shutdown. */
int tether_counts(tether_counts_t* counts);

/*
 * Takes the oldest notice: 1 and the collected handle written to *handle; 0 when none waits; TETHER_DISPOSED
 * after shutdown once none waits; TETHER_INVALID_ARGUMENT for NULL. While a callback is registered, the notice
 * thread takes the notices as they come, and this usually finds none.
 */
int tether_next_notice(uint64_t* handle);

/*
 * Registers the notice callback (NULL: none; notices then queue for tether_next_notice) and its context, and
 * answers 0 (TETHER_DISPOSED after shutdown). Notices queued before are delivered to the new callback. When it
 * returns, the previous callback is not running and will not be called again, unless it is the previous
 * callback itself that called it (its own call then ends when it returns). So do not call it while holding
 * something the running callback waits for.
 */
int tether_set_notice_callback(tether_notice_fn callback, void* context);

/* Ends every handle and the callback, for good: 0, or TETHER_DISPOSED when shut down already. */
int tether_shutdown(void);

#ifdef __cplusplus
}
#endif

#endif /* TETHER_H */
