/* The README's example: install the library, then build against it:
 *   make install PREFIX=/usr/local
 *   cc example.c $(pkg-config --cflags --libs licence) -o example && ./example
 * or ./example 'postgresql://app@db/hr?schema=acme' for an organisation in PostgreSQL.
 */
#include <stdio.h>

#include "licence.h"

static int fail(const char *what, lt_result code) {
    fprintf(stderr, "%s: %s: %s\n", what, lt_result_name(code), lt_last_error());
    return 1;
}

int main(int argc, char **argv) {
    /* The batch path: day numbers in, statuses out (a million work the same). */
    static const char *const status[] = {"active", "expiring", "expired"};
    int32_t today;
    lt_expiry expiries[3] = {0, 0, LT_EXPIRY_NEVER};
    lt_evaluation results[3];
    lt_result code = lt_day_parse("2026-03-01", &today);
    if (code == LT_RESULT_OK) code = lt_day_parse("2026-02-28", &expiries[0]);
    if (code == LT_RESULT_OK) code = lt_day_parse("2026-04-15", &expiries[1]);
    if (code == LT_RESULT_OK)
        code = lt_status_batch(expiries, 3, today, LT_DEFAULT_WINDOW_DAYS, results);
    if (code != LT_RESULT_OK) return fail("status", code);
    for (int i = 0; i < 3; i++) printf("licence %d: %s\n", i, status[results[i].status]);

    /* The tracker keeps records in a SQLite file (here in memory), or in
     * PostgreSQL given a URL as the argument; documents travel as JSON. */
    const char *database = argc > 1 ? argv[1] : ":memory:";
    lt_tracker *tracker = NULL;
    code = lt_tracker_open(database, &tracker);
    if (code != LT_RESULT_OK) return fail("open", code);
    const char *steps[][2] = {
        {"register_person", "{\"person\": {\"id\": \"ana\", \"name\": \"Ana\", \"roles\": "
                            "[\"delegate\"], \"registered_on\": \"2024-01-10\", \"active\": true},"
                            " \"ctx\": {\"actor\": \"hr\", \"at\": 1767225600}}"},
        {"record_licence", "{\"licence\": {\"id\": \"fl-1\", \"holder_id\": \"ana\", \"type_id\":"
                           " \"forklift\", \"expiry\": \"2026-04-15\"}, \"new_type\": {\"id\": "
                           "\"forklift\", \"name\": \"Forklift\", \"kind\": \"licence\"},"
                           " \"ctx\": {\"actor\": \"hr\", \"at\": 1767225600}}"},
        {"status_counts", "{\"today\": \"2026-03-01\"}"},
        {"person", "{\"id\": \"bob\"}"},
    };
    for (int i = 0; i < 4; i++) {
        char *out = NULL;
        code = lt_tracker_execute(tracker, steps[i][0], steps[i][1], &out);
        if (code == LT_RESULT_OK) printf("%s: %s\n", steps[i][0], out);
        else printf("%s: %s: %s\n", steps[i][0], lt_result_name(code), lt_last_error());
        lt_string_free(out);
    }
    lt_tracker_free(tracker);
    return 0;
}
