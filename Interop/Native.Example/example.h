/* example.h: the example library's own functions (Tether.Native.Example), beside tether.h's. */
#ifndef TETHER_EXAMPLE_H
#define TETHER_EXAMPLE_H

#include <stdint.h>

/* A Counter starting at `start`: its handle, or a negative code. */
int64_t example_counter_new(int64_t start);
/* Adds `by` and writes the new value: 0, or the handle's code (-4 for a Note's handle). */
int example_counter_add(int64_t counter, int64_t by, int64_t* value);
/* Writes the value: 0, or the handle's code. */
int example_counter_value(int64_t counter, int64_t* value);
/* A Note holding a copy of the UTF-8 text: its handle, or a negative code. */
int64_t example_note_new(const char* text);
/* Writes the note's length in UTF-16 units: 0, or the handle's code (-4 for a Counter's handle). */
int example_note_length(int64_t note, int64_t* length);
/* A Counter's handle in a second table of the library: every tether_* function answers it TETHER_WRONG_TABLE. */
int64_t example_other_table_counter(void);
/* A full, blocking garbage collection. */
void example_collect(void);

/* The baseline of the figures: a GCHandle.ToIntPtr value. Undefined behaviour for anything but a live one. */
intptr_t baseline_counter_new(int64_t start);
int baseline_counter_value(intptr_t counter, int64_t* value);
void baseline_counter_free(intptr_t counter);

#endif
