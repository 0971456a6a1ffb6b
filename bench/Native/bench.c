/* The native figures: the example library's exports timed from C, each against its GCHandle baseline in the same
 * process, rounds interleaved, medians compared. `dotnet fsi build.fsx bench-native` builds and runs it and writes
 * bench/results/native.md. Prints markdown rows: | what | Tether ns/op | GCHandle ns/op | ratio |. */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "example.h"
#include "tether.h"

enum { LIVE = 1024, ROUNDS = 9, LOOKUPS = 2000000, CHURN = 300000 };

static int64_t handles[LIVE];
static intptr_t pointers[LIVE];
static volatile int64_t sink;

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static double tether_lookup_round(void) {
    int64_t value = 0, sum = 0;
    double start = now_ns();
    for (int i = 0; i < LOOKUPS; i++) {
        if (example_counter_value(handles[i & (LIVE - 1)], &value) != 0) abort();
        sum += value;
    }
    sink = sum;
    return (now_ns() - start) / LOOKUPS;
}

static double gchandle_lookup_round(void) {
    int64_t value = 0, sum = 0;
    double start = now_ns();
    for (int i = 0; i < LOOKUPS; i++) {
        if (baseline_counter_value(pointers[i & (LIVE - 1)], &value) != 0) abort();
        sum += value;
    }
    sink = sum;
    return (now_ns() - start) / LOOKUPS;
}

static double tether_churn_round(void) {
    double start = now_ns();
    for (int i = 0; i < CHURN; i++) {
        int64_t h = example_counter_new(i);
        if (tether_drop(h) != 0) abort();
    }
    return (now_ns() - start) / CHURN;
}

static double gchandle_churn_round(void) {
    double start = now_ns();
    for (int i = 0; i < CHURN; i++) baseline_counter_free(baseline_counter_new(i));
    return (now_ns() - start) / CHURN;
}

static int compare(const void* a, const void* b) {
    double x = *(const double*)a, y = *(const double*)b;
    return x < y ? -1 : x > y;
}

static void measure(const char* what, double (*tether)(void), double (*baseline)(void)) {
    double t[ROUNDS], g[ROUNDS];
    tether();
    baseline(); /* warm both */
    for (int r = 0; r < ROUNDS; r++) {
        t[r] = tether();
        g[r] = baseline();
    }
    qsort(t, ROUNDS, sizeof t[0], compare);
    qsort(g, ROUNDS, sizeof g[0], compare);
    printf("| %s | %.1f | %.1f | %.2f |\n", what, t[ROUNDS / 2], g[ROUNDS / 2], t[ROUNDS / 2] / g[ROUNDS / 2]);
}

int main(void) {
    for (int i = 0; i < LIVE; i++) {
        handles[i] = example_counter_new(i);
        pointers[i] = baseline_counter_new(i);
    }
    printf("| from C, one call each | Tether (ns/op, median of %d) | GCHandle (ns/op) | ratio |\n", ROUNDS);
    printf("|---|---|---|---|\n");
    measure("lookup: `example_counter_value` (`NativeHandles.TryGet`) vs `GCHandle.FromIntPtr(p).Target`", tether_lookup_round, gchandle_lookup_round);
    measure("create + drop: `example_counter_new` + `tether_drop` vs `GCHandle.Alloc` + `Free`", tether_churn_round, gchandle_churn_round);
    return 0;
}
