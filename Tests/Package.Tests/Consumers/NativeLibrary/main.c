#include <stdint.h>
#include <stdio.h>

#include "tether.h"

int64_t cup_new(int size);
int cup_size(int64_t cup, int* size);

int main(void) {
    int size = 0;
    int64_t cup = cup_new(250);
    printf("minted: %s\n", cup > 0 ? "positive" : "negative");
    int code = cup_size(cup, &size);
    printf("cup_size: %d %d\n", code, size);
    printf("tether_lookup: %d\n", tether_lookup(cup));
    printf("tether_drop: %d\n", tether_drop(cup));
    printf("cup_size after drop: %d\n", cup_size(cup, &size));
    printf("tether_lookup of a forged handle: %d\n", tether_lookup(12345));
    return 0;
}
