/* The C test program: the conformance vectors and the error cases through
 * the C library. Usage: test_licence <vectors dir>. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "check.h"

static unsigned passed, failed;

void check(int ok, const char *what, const char *reason, ...) {
    if (ok) {
        passed++;
        return;
    }
    failed++;
    va_list args;
    va_start(args, reason);
    fprintf(stderr, "FAILED %s: ", what);
    vfprintf(stderr, reason, args);
    fputc('\n', stderr);
    va_end(args);
}

void expect(const char *what, lt_result got, lt_result want, const char *message) {
    const char *last = lt_last_error();
    int ok = got == want && (message == NULL || strstr(last, message) != NULL);
    check(ok, what, "expected %s containing \"%s\", got %s: \"%s\"", lt_result_name(want),
          message ? message : "", lt_result_name(got), last);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s <vectors dir>\n", argv[0]);
        return 2;
    }
    run_vectors(argv[1]);
    run_calls();
    printf("%u passed, %u failed\n", passed, failed);
    return failed == 0 && passed > 0 ? 0 : 1;
}
