/* The status batch of a million licences through lt_status_batch, called
 * from C: the fastest of 25 runs. Given core's time per licence in Rust
 * (measured just before by `make bench`), also prints the ratio. */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "licence.h"

enum { LICENCES = 1000000, ROUNDS = 25, TODAY = 20513 };

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    lt_expiry *expiries = malloc(LICENCES * sizeof *expiries);
    lt_evaluation *out = malloc(LICENCES * sizeof *out);
    if (expiries == NULL || out == NULL) return 1;
    /* The same spread as the Rust bench: two years back to three ahead,
     * one in twenty without expiry. */
    unsigned long long state = 0x9E3779B97F4A7C15ULL;
    for (int i = 0; i < LICENCES; i++) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        expiries[i] = i % 20 == 0 ? LT_EXPIRY_NEVER : TODAY - 730 + (int32_t)(state % 1826);
    }
    double best = 1e9;
    for (int r = 0; r < ROUNDS; r++) {
        double start = now();
        lt_result code = lt_status_batch(expiries, LICENCES, TODAY, LT_DEFAULT_WINDOW_DAYS, out);
        double took = now() - start;
        if (code != LT_RESULT_OK) {
            fprintf(stderr, "lt_status_batch: %s: %s\n", lt_result_name(code), lt_last_error());
            return 1;
        }
        if (took < best) best = took;
    }
    size_t counts[3] = {0, 0, 0};
    for (int i = 0; i < LICENCES; i++) counts[out[i].status]++;
    double ns = best * 1e9 / LICENCES;
    printf("status batch from a C program, %d licences, fastest of %d: %.2f ms (%.2f ns/licence); "
           "active %zu, expiring %zu, expired %zu\n",
           LICENCES, ROUNDS, best * 1e3, ns, counts[0], counts[1], counts[2]);
    if (argc > 1 && atof(argv[1]) > 0) {
        printf("ratio C program / core in Rust: %.3f\n", ns / atof(argv[1]));
    }
    free(expiries);
    free(out);
    return 0;
}
