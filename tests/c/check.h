/* Counters and checks shared by the C test program's parts. */
#ifndef LICENCE_TEST_CHECK_H
#define LICENCE_TEST_CHECK_H

#include "licence.h"

/* Counts one check named `what`: passed when `ok`, otherwise printed with
 * the printf-style reason. */
void check(int ok, const char *what, const char *reason, ...)
    __attribute__((format(printf, 3, 4)));

/* Checks that a call returned `want` and, unless `message` is NULL, that
 * the thread's last error contains `message`. */
void expect(const char *what, lt_result got, lt_result want, const char *message);

/* Runs every case of every `*.json` file in `dir` through the library. */
void run_vectors(const char *dir);

/* Runs the error cases and the typed batch calls. */
void run_calls(void);

#endif
