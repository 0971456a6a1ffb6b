/* The native test harness: a real C caller of the example library. `harness <case>` runs one case, prints
 * "ok <case>: ..." and exits 0, or prints "FAIL ..." and exits 1. Built twice by the tests: plain, and with
 * -fsanitize=address,undefined. */
#define _GNU_SOURCE
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "example.h"
#include "tether.h"

static atomic_int failures;

#define CHECK(cond, ...)                                                   \
    do {                                                                   \
        if (!(cond)) {                                                     \
            if (atomic_fetch_add(&failures, 1) < 20) {                     \
                printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);     \
                printf(__VA_ARGS__);                                       \
                printf("\n");                                              \
            }                                                              \
        }                                                                  \
    } while (0)

static void sleep_ms(int ms) { nanosleep(&(struct timespec){ms / 1000, (ms % 1000) * 1000000L}, NULL); }

/* ---- churn: 4 threads create, look up and drop while 2 present stale and racing values ---------------- */

enum { WORKERS = 4, PRESENTERS = 2, ROUNDS = 20000, KEEP = 10, BOARD = 64 };

static _Atomic int64_t board[BOARD];  /* handles of the workers, live or just dropped */
static _Atomic int64_t graveyard[BOARD]; /* handles known to be dropped */
static atomic_int workers_done;
static atomic_long presented, presented_alive;

static void* worker(void* arg) {
    int id = (int)(intptr_t)arg;
    for (int i = 0; i < ROUNDS; i++) {
        int64_t h = example_counter_new(0);
        CHECK(h > 0, "create answered %" PRId64, h);
        if (h <= 0) continue;
        int64_t value = -1;
        /* The counter's value is its own handle: a lookup that reached another object would show it. */
        CHECK(example_counter_add(h, h, &value) == TETHER_OK && value == h, "add on a fresh handle: value %" PRId64, value);
        atomic_store(&board[(id * 16 + i) % BOARD], h);
        CHECK(tether_lookup(h) == TETHER_OK, "lookup of a live handle");
        if (i >= ROUNDS - KEEP) continue; /* the last few stay alive: the counts must say exactly how many */
        CHECK(tether_drop(h) == TETHER_OK, "first drop");
        atomic_store(&graveyard[(id * 16 + i) % BOARD], h);
        CHECK(tether_drop(h) == TETHER_DROPPED, "second drop");
        CHECK(example_counter_value(h, &value) == TETHER_DROPPED, "value of a dropped handle");
    }
    atomic_fetch_add(&workers_done, 1);
    return NULL;
}

static void* presenter(void* arg) {
    (void)arg;
    unsigned seed = 12345;
    while (atomic_load(&workers_done) < WORKERS) {
        int64_t dead = atomic_load(&graveyard[rand_r(&seed) % BOARD]);
        if (dead > 0) {
            int64_t value = -7;
            CHECK(example_counter_value(dead, &value) == TETHER_DROPPED && value == -7, "a dropped handle answered value %" PRId64, value);
            CHECK(tether_drop(dead) == TETHER_DROPPED, "drop of a dropped handle");
            CHECK(tether_loosen(dead) == TETHER_DROPPED, "loosen of a dropped handle");
        }
        int64_t racing = atomic_load(&board[rand_r(&seed) % BOARD]);
        if (racing > 0) {
            int64_t value = -7;
            int code = example_counter_value(racing, &value);
            /* Alive and its own object, or dropped meanwhile: never another object, never another code. */
            CHECK((code == TETHER_OK && value == racing) || (code == TETHER_DROPPED && value == -7),
                  "racing lookup: code %d value %" PRId64 " for %" PRId64, code, value, racing);
            if (code == TETHER_OK) atomic_fetch_add(&presented_alive, 1);
        }
        atomic_fetch_add(&presented, 1);
    }
    return NULL;
}

static int churn(void) {
    pthread_t threads[WORKERS + PRESENTERS];
    for (int i = 0; i < WORKERS; i++) pthread_create(&threads[i], NULL, worker, (void*)(intptr_t)i);
    for (int i = 0; i < PRESENTERS; i++) pthread_create(&threads[WORKERS + i], NULL, presenter, NULL);
    for (int i = 0; i < WORKERS + PRESENTERS; i++) pthread_join(threads[i], NULL);
    tether_counts_t counts;
    CHECK(tether_counts(&counts) == TETHER_OK, "counts");
    CHECK(counts.strong == WORKERS * KEEP && counts.weak == 0 && counts.collected == 0,
          "counts strong %d weak %d collected %d", counts.strong, counts.weak, counts.collected);
    printf("ok churn: %d threads x %d handles, %ld stale or racing values presented (%ld found alive), %d left alive\n",
           WORKERS, ROUNDS, atomic_load(&presented), atomic_load(&presented_alive), counts.strong);
    return 0;
}

/* ---- forged: values of every width, in and out of range ---------------------------------------------- */

static int64_t expect_unknown(int64_t v) {
    int64_t value = -7, length = -7;
    CHECK(tether_lookup(v) == TETHER_UNKNOWN, "lookup(%" PRId64 ") = %d", v, tether_lookup(v));
    CHECK(tether_state(v) == TETHER_STATE_UNKNOWN, "state(%" PRId64 ")", v);
    CHECK(tether_drop(v) == TETHER_UNKNOWN, "drop(%" PRId64 ")", v);
    CHECK(tether_loosen(v) == TETHER_UNKNOWN, "loosen(%" PRId64 ")", v);
    CHECK(tether_tighten(v) == TETHER_UNKNOWN, "tighten(%" PRId64 ")", v);
    CHECK(example_counter_value(v, &value) == TETHER_UNKNOWN && value == -7, "counter_value(%" PRId64 ")", v);
    CHECK(example_note_length(v, &length) == TETHER_UNKNOWN && length == -7, "note_length(%" PRId64 ")", v);
    return 1;
}

static uint64_t splitmix(uint64_t* s) {
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static int forged(void) {
    int64_t live[KEEP];
    for (int i = 0; i < KEEP; i++) live[i] = example_counter_new(i);
    long checked = 0;
    /* Every width's extremes, as C converts them to int64_t (sign- or zero-extended), and the range's edges. */
    int64_t edges[] = {0, 1, -1, INT8_MIN, INT8_MAX, UINT8_MAX, INT16_MIN, INT16_MAX, UINT16_MAX,
                       INT32_MIN, INT32_MAX, (int64_t)UINT32_MAX, INT64_MIN, INT64_MAX, (int64_t)UINT64_MAX,
                       (int64_t)1 << 45 >> 1, ((int64_t)1 << 45) - 1, (int64_t)1 << 53, ((int64_t)1 << 53) + 1,
                       (int64_t)1 << 62, -((int64_t)1 << 53), (int64_t)(int8_t)live[0], (int64_t)(int16_t)live[0],
                       (int64_t)(int32_t)live[0], (int64_t)(uint32_t)live[0], live[0] | ((int64_t)1 << 53),
                       live[0] | INT64_MIN, -live[0]};
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) checked += expect_unknown(edges[i]);
    /* Random values of each width: below 2^45 or above 2^53 they are out of range, whatever their bits. */
    uint64_t seed = 42;
    for (int i = 0; i < 20000; i++) {
        uint64_t r = splitmix(&seed);
        checked += expect_unknown((int64_t)(int8_t)r) + expect_unknown((int64_t)(uint8_t)r) +
                   expect_unknown((int64_t)(int16_t)r) + expect_unknown((int64_t)(uint16_t)r) +
                   expect_unknown((int64_t)(int32_t)r) + expect_unknown((int64_t)(uint32_t)r);
        int64_t wide = (int64_t)(r | ((uint64_t)1 << 63));
        checked += expect_unknown(wide) + expect_unknown((int64_t)(r >> 1) | ((int64_t)1 << 53));
        /* In range (2^45 .. 2^53-1): a forged value names some tag and slot; it is refused, never resolved. */
        int64_t in_range = (int64_t)(r & (((uint64_t)1 << 53) - 1)) | ((int64_t)1 << 45);
        int code = tether_lookup(in_range);
        int known = 0;
        for (int k = 0; k < KEEP; k++) known |= in_range == live[k];
        CHECK(known || code == TETHER_UNKNOWN || code == TETHER_DROPPED || code == TETHER_WRONG_TABLE,
              "in-range forged %" PRId64 " answered %d", in_range, code);
        checked++;
    }
    int64_t value = -7;
    CHECK(tether_next_notice(NULL) == TETHER_INVALID_ARGUMENT, "next_notice(NULL)");
    CHECK(tether_counts(NULL) == TETHER_INVALID_ARGUMENT, "counts(NULL)");
    CHECK(example_note_length(live[0], &value) == TETHER_WRONG_TYPE && value == -7, "a Counter as a Note");
    int64_t other = example_other_table_counter();
    CHECK(tether_lookup(other) == TETHER_WRONG_TABLE && tether_drop(other) == TETHER_WRONG_TABLE &&
              example_counter_value(other, &value) == TETHER_WRONG_TABLE,
          "another table's handle");
    for (int i = 0; i < KEEP; i++)
        CHECK(example_counter_value(live[i], &value) == TETHER_OK && value == i, "live handle %d after the forgeries", i);
    tether_counts_t counts;
    tether_counts(&counts);
    CHECK(counts.strong == KEEP, "strong %d", counts.strong);
    printf("ok forged: %ld forged values of widths 8, 16, 32 and 64 refused; %d live handles untouched\n", checked, KEEP);
    return 0;
}

/* ---- notices: a callback that re-enters, one that blocks, the poll, unregistering ------------------- */

enum { LOOSE = 200 };

static atomic_int called, wrong_thread, reentry_failures, after_unregister;
static atomic_int unregistered;
static pthread_t main_thread;

static int64_t make_loose(int64_t* handles, int n) {
    for (int i = 0; i < n; i++) {
        handles[i] = example_counter_new(i);
        CHECK(tether_loosen(handles[i]) == TETHER_OK, "loosen");
    }
    return n;
}

static int on_tether_thread(void) {
    char name[32] = {0};
    pthread_getname_np(pthread_self(), name, sizeof name);
    return !pthread_equal(pthread_self(), main_thread) && strcmp(name, "Tether notices") == 0;
}

/* Re-enters the library from the callback: every function, a new handle, even re-registering itself. */
static void reentering(int64_t handle, void* context) {
    if (!on_tether_thread()) atomic_fetch_add(&wrong_thread, 1);
    if (atomic_load(&unregistered)) atomic_fetch_add(&after_unregister, 1);
    int ok = tether_state(handle) == TETHER_STATE_COLLECTED && tether_lookup(handle) == TETHER_COLLECTED &&
             tether_tighten(handle) == TETHER_COLLECTED && tether_drop(handle) == TETHER_OK &&
             tether_drop(handle) == TETHER_DROPPED;
    int64_t fresh = example_counter_new(1);
    ok = ok && fresh > 0 && tether_lookup(fresh) == TETHER_OK && tether_drop(fresh) == TETHER_OK;
    tether_counts_t counts;
    ok = ok && tether_counts(&counts) == TETHER_OK;
    ok = ok && tether_set_notice_callback(reentering, context) == TETHER_OK; /* itself: must not wait for itself */
    if (!ok) atomic_fetch_add(&reentry_failures, 1);
    atomic_fetch_add(&called, 1);
}

static int wait_for(atomic_int* counter, int target, int ms) {
    for (int waited = 0; atomic_load(counter) < target && waited < ms; waited += 10) {
        example_collect();
        sleep_ms(10);
    }
    return atomic_load(counter) >= target;
}

static int reenter(void) {
    int64_t handles[LOOSE];
    CHECK(tether_set_notice_callback(reentering, NULL) == TETHER_OK, "register");
    make_loose(handles, LOOSE);
    CHECK(wait_for(&called, LOOSE, 20000), "%d of %d notices", atomic_load(&called), LOOSE);
    CHECK(atomic_load(&wrong_thread) == 0, "%d callbacks off the notice thread", atomic_load(&wrong_thread));
    CHECK(atomic_load(&reentry_failures) == 0, "%d re-entering callbacks failed", atomic_load(&reentry_failures));
    CHECK(tether_set_notice_callback(NULL, NULL) == TETHER_OK, "unregister");
    tether_counts_t counts;
    tether_counts(&counts);
    CHECK(counts.strong == 0 && counts.weak == 0 && counts.collected == 0, "counts strong %d weak %d collected %d",
          counts.strong, counts.weak, counts.collected);
    printf("ok reenter: %d notices on the \"Tether notices\" thread, each re-entering (state, lookup, tighten, drop, "
           "create, counts, register); counts 0/0/0\n",
           atomic_load(&called));
    return 0;
}

static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t opened = PTHREAD_COND_INITIALIZER;
static int open_gate, blocked_inside;
static atomic_int block_drops;

/* Blocks in its first call until the main thread opens the gate. */
static void blocking(int64_t handle, void* context) {
    (void)context;
    pthread_mutex_lock(&gate);
    blocked_inside = 1;
    while (!open_gate) pthread_cond_wait(&opened, &gate);
    pthread_mutex_unlock(&gate);
    if (tether_drop(handle) == TETHER_OK) atomic_fetch_add(&block_drops, 1);
    atomic_fetch_add(&called, 1);
}

static void* churn_while_blocked(void* arg) {
    (void)arg;
    for (int i = 0; i < 2000; i++) {
        int64_t h = example_counter_new(i), value = -1;
        CHECK(example_counter_value(h, &value) == TETHER_OK && value == i, "lookup while the callback blocks");
        CHECK(tether_loosen(h) == TETHER_OK && tether_tighten(h) == TETHER_OK, "loosen and tighten while it blocks");
        CHECK(tether_drop(h) == TETHER_OK, "drop while the callback blocks");
    }
    return NULL;
}

static int block(void) {
    int64_t handles[LOOSE];
    CHECK(tether_set_notice_callback(blocking, NULL) == TETHER_OK, "register");
    make_loose(handles, LOOSE);
    for (int waited = 0; waited < 20000; waited += 10) {
        pthread_mutex_lock(&gate);
        int inside = blocked_inside;
        pthread_mutex_unlock(&gate);
        if (inside) break;
        example_collect();
        sleep_ms(10);
    }
    CHECK(blocked_inside, "the callback was never called");
    /* While it blocks: other threads use the library freely, collections go on, and the poll still answers. */
    pthread_t t[4];
    for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, churn_while_blocked, NULL);
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    example_collect();
    uint64_t noticed = 0;
    int polled = 0;
    while (tether_next_notice(&noticed) == 1) {
        CHECK(tether_drop((int64_t)noticed) == TETHER_OK, "drop of a polled notice");
        polled++;
    }
    pthread_mutex_lock(&gate);
    open_gate = 1;
    pthread_cond_broadcast(&opened);
    pthread_mutex_unlock(&gate);
    for (int waited = 0; atomic_load(&called) + polled < LOOSE && waited < 20000; waited += 10) {
        example_collect();
        while (tether_next_notice(&noticed) == 1) polled += tether_drop((int64_t)noticed) == TETHER_OK;
        sleep_ms(10);
    }
    CHECK(tether_set_notice_callback(NULL, NULL) == TETHER_OK, "unregister");
    while (tether_next_notice(&noticed) == 1) polled += tether_drop((int64_t)noticed) == TETHER_OK;
    CHECK(atomic_load(&block_drops) + polled == LOOSE, "%d dropped by the callback + %d polled != %d",
          atomic_load(&block_drops), polled, LOOSE);
    tether_counts_t counts;
    tether_counts(&counts);
    CHECK(counts.strong == 0 && counts.weak == 0 && counts.collected == 0, "counts strong %d weak %d collected %d",
          counts.strong, counts.weak, counts.collected);
    printf("ok block: 4 threads x 2000 handles served while the callback blocked; %d notices by callback + %d by poll = %d\n",
           atomic_load(&block_drops), polled, LOOSE);
    return 0;
}

/* Unregistering waits for a call in progress: after it returns, the old callback never runs again. */
static void counting(int64_t handle, void* context) {
    (void)handle;
    (void)context;
    if (atomic_load(&unregistered)) atomic_fetch_add(&after_unregister, 1);
    sleep_ms(1); /* widen the window in which unregistering meets a call in progress */
    if (atomic_load(&unregistered)) atomic_fetch_add(&after_unregister, 1);
    atomic_fetch_add(&called, 1);
}

static int poll_case(void) {
    int64_t handles[LOOSE];
    CHECK(tether_set_notice_callback(counting, NULL) == TETHER_OK, "register");
    make_loose(handles, LOOSE);
    wait_for(&called, 5, 20000);
    CHECK(tether_set_notice_callback(NULL, NULL) == TETHER_OK, "unregister");
    atomic_store(&unregistered, 1);
    int by_callback = atomic_load(&called), polled = 0;
    uint64_t noticed = 0;
    for (int waited = 0; by_callback + polled < LOOSE && waited < 20000; waited += 10) {
        example_collect();
        while (tether_next_notice(&noticed) == 1) polled += tether_state((int64_t)noticed) == TETHER_STATE_COLLECTED;
        sleep_ms(10);
    }
    CHECK(atomic_load(&after_unregister) == 0, "the callback ran %d times after unregistering", atomic_load(&after_unregister));
    CHECK(atomic_load(&called) == by_callback, "callback calls went on");
    CHECK(by_callback + polled == LOOSE, "%d by callback + %d polled != %d", by_callback, polled, LOOSE);
    CHECK(tether_next_notice(&noticed) == 0, "no notice left");
    printf("ok poll: %d notices by callback, then %d by tether_next_notice after unregistering; none lost, none twice\n",
           by_callback, polled);
    return 0;
}

/* ---- shutdown: every call answers DISPOSED; queued notices stay readable ----------------------------- */

static int shutdown_case(void) {
    int64_t handles[LOOSE];
    make_loose(handles, LOOSE);
    int64_t kept = example_counter_new(5), value = -7;
    uint64_t noticed = 0;
    for (int waited = 0; tether_state(handles[0]) != TETHER_STATE_COLLECTED && waited < 20000; waited += 10) {
        example_collect();
        sleep_ms(10);
    }
    sleep_ms(100); /* let the notice loop publish */
    CHECK(tether_shutdown() == TETHER_OK, "shutdown");
    CHECK(tether_shutdown() == TETHER_DISPOSED, "second shutdown");
    CHECK(tether_lookup(kept) == TETHER_DISPOSED && tether_drop(kept) == TETHER_DISPOSED &&
              tether_loosen(kept) == TETHER_DISPOSED && tether_tighten(kept) == TETHER_DISPOSED,
          "calls after shutdown");
    CHECK(example_counter_value(kept, &value) == TETHER_DISPOSED && value == -7, "lookup after shutdown");
    CHECK(example_counter_new(1) == TETHER_DISPOSED, "create after shutdown");
    CHECK(tether_lookup(12345) == TETHER_DISPOSED, "forged after shutdown");
    /* tether_state answers a state, not a code: every handle the table issued has ended, and the rest are unknown. */
    CHECK(tether_state(kept) == TETHER_STATE_DROPPED && tether_state(handles[1]) == TETHER_STATE_DROPPED,
          "state of issued handles after shutdown: %d", tether_state(kept));
    CHECK(tether_state(12345) == TETHER_STATE_UNKNOWN && tether_state(-1) == TETHER_STATE_UNKNOWN, "state of forged values after shutdown");
    tether_counts_t counts;
    CHECK(tether_counts(&counts) == TETHER_DISPOSED, "counts after shutdown");
    CHECK(tether_set_notice_callback(counting, NULL) == TETHER_DISPOSED, "register after shutdown");
    int polled = 0;
    while (tether_next_notice(&noticed) == 1) polled++;
    CHECK(tether_next_notice(&noticed) == TETHER_DISPOSED, "poll after shutdown, once empty");
    printf("ok shutdown: every call answers DISPOSED (-6); %d queued notices were still readable\n", polled);
    return 0;
}

int main(int argc, char** argv) {
    main_thread = pthread_self();
    if (argc < 2) {
        printf("usage: harness churn|forged|reenter|block|poll|shutdown\n");
        return 2;
    }
    CHECK(tether_abi_version() == TETHER_ABI_VERSION, "ABI version %d", tether_abi_version());
    const char* name = argv[1];
    if (strcmp(name, "churn") == 0) churn();
    else if (strcmp(name, "forged") == 0) forged();
    else if (strcmp(name, "reenter") == 0) reenter();
    else if (strcmp(name, "block") == 0) block();
    else if (strcmp(name, "poll") == 0) poll_case();
    else if (strcmp(name, "shutdown") == 0) shutdown_case();
    else {
        printf("unknown case %s\n", name);
        return 2;
    }
    int failed = atomic_load(&failures);
    if (failed > 0) printf("FAIL %s: %d checks failed\n", name, failed);
    return failed > 0 ? 1 : 0;
}
