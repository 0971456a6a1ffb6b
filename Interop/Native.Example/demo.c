/* The worked example of Tether.Native, from C: create, use, hold loosely, hear of a collection, drop, and
 * present stale, forged, wrong-type and other-table handles. Build: gcc demo.c -I<dir of tether.h>
 * ./tether_example.so -Wl,-rpath,'$ORIGIN'. `dotnet fsi build.fsx native-demo` does it all. */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <time.h>

#include "example.h"
#include "tether.h"

static const char* name(int code) {
    switch (code) {
    case TETHER_OK: return "OK";
    case TETHER_UNKNOWN: return "UNKNOWN";
    case TETHER_DROPPED: return "DROPPED";
    case TETHER_COLLECTED: return "COLLECTED";
    case TETHER_WRONG_TYPE: return "WRONG_TYPE";
    case TETHER_WRONG_TABLE: return "WRONG_TABLE";
    case TETHER_DISPOSED: return "DISPOSED";
    default: return "other";
    }
}

static void show(const char* what, int code) { printf("  %-56s -> %3d %s\n", what, code, name(code)); }

static void show_state(const char* what, int state) {
    static const char* const states[] = {"UNKNOWN", "ALIVE", "DROPPED", "COLLECTED"};
    printf("  %-56s -> %3d STATE_%s\n", what, state, state >= 0 && state <= 3 ? states[state] : "?");
}

/* Notices come on Tether's notice thread; the demo only counts them and remembers the last one. */
static volatile int64_t told = 0;
static void on_collected(int64_t handle, void* context) {
    (void)context;
    told = handle;
}

int main(void) {
    int64_t value = 0, length = 0;
    printf("tether_abi_version() = %d (tether.h says %d)\n\n", tether_abi_version(), TETHER_ABI_VERSION);

    printf("1. Create and use: the library hands out handles, C passes them back.\n");
    int64_t counter = example_counter_new(40);
    int64_t note = example_note_new("hello, native caller");
    printf("  counter = %" PRId64 ", note = %" PRId64 "\n", counter, note);
    show("example_counter_add(counter, 2, &value)", example_counter_add(counter, 2, &value));
    printf("  value = %" PRId64 "\n", value);
    show("example_note_length(note, &length)", example_note_length(note, &length));
    printf("  length = %" PRId64 "\n\n", length);

    printf("2. Hold loosely, and be told when the GC collects it (callback on Tether's notice thread).\n");
    tether_set_notice_callback(on_collected, NULL);
    int64_t loose = example_counter_new(7);
    show("tether_loosen(loose)", tether_loosen(loose));
    show("tether_lookup(loose) before a collection", tether_lookup(loose));
    for (int i = 0; i < 500 && told != loose; i++) {
        example_collect();
        nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
    }
    printf("  notice: handle %" PRId64 " was collected (%s)\n", told, told == loose ? "the loosened counter" : "none came");
    show_state("tether_state(loose)", tether_state(loose));
    show("example_counter_value(loose, &value)", example_counter_value(loose, &value));
    show("tether_tighten(loose)", tether_tighten(loose));
    show("tether_drop(loose)", tether_drop(loose));
    tether_set_notice_callback(NULL, NULL);
    printf("\n");

    printf("3. Drop, then present the stale handle.\n");
    show("tether_drop(note)", tether_drop(note));
    show("tether_drop(note) again", tether_drop(note));
    show("example_note_length(note, &length)", example_note_length(note, &length));
    printf("\n");

    printf("4. Present what was never a handle of this type, of this table, or at all.\n");
    show("example_note_length(counter, ...): a Counter as a Note", example_note_length(counter, &length));
    int64_t other = example_other_table_counter();
    show("example_counter_value(other table's counter)", example_counter_value(other, &value));
    show("tether_drop(other table's counter)", tether_drop(other));
    show("tether_lookup(12345): forged", tether_lookup(12345));
    show("tether_lookup(0)", tether_lookup(0));
    show("tether_lookup(-1)", tether_lookup(-1));
    show("tether_lookup(INT64_MAX)", tether_lookup(INT64_MAX));
    show("tether_lookup(counter ^ 1): the dropped note's slot", tether_lookup(counter ^ 1));
    show("tether_lookup(counter + (1 << 24)): next generation", tether_lookup(counter + (1 << 24)));
    show("tether_lookup(counter): still fine", tether_lookup(counter));
    printf("\n");

    tether_counts_t counts;
    tether_counts(&counts);
    printf("5. Counts: strong %d, weak %d, collected %d\n\n", counts.strong, counts.weak, counts.collected);

    printf("6. Shut the library's table down: every handle ends, every call answers DISPOSED.\n");
    show("tether_shutdown()", tether_shutdown());
    show("tether_lookup(counter)", tether_lookup(counter));
    show("example_counter_value(counter, &value)", example_counter_value(counter, &value));
    show("example_counter_new(1)", (int)example_counter_new(1));
    show("tether_shutdown() again", tether_shutdown());
    return 0;
}
