/* Runs the conformance vectors (every JSON file in tests/vectors) through the C
 * library: rule operations through lt_execute, scenarios through
 * lt_tracker_execute on a fresh tracker per case (in memory and in a file),
 * and the status cases also through the typed lt_status_batch. `expect`
 * matches the output as a subset: every key it names must be present with
 * an equal value; arrays match element-wise and must be as long. */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "check.h"

enum { PATH_MAX_LEN = 512, WHY_LEN = 1024 };

/* Whether `actual` holds the subset `expected`; on a mismatch `why` tells
 * where (`path` is the position so far). */
static int subset(const cJSON *expected, const cJSON *actual, const char *path, char *why) {
    char inner[PATH_MAX_LEN];
    if (cJSON_IsObject(expected) && cJSON_IsObject(actual)) {
        const cJSON *item;
        cJSON_ArrayForEach(item, expected) {
            snprintf(inner, sizeof inner, "%s.%s", path, item->string);
            const cJSON *found = cJSON_GetObjectItemCaseSensitive(actual, item->string);
            if (found == NULL) {
                snprintf(why, WHY_LEN, "%s: missing", inner);
                return 0;
            }
            if (!subset(item, found, inner, why)) {
                return 0;
            }
        }
        return 1;
    }
    if (cJSON_IsArray(expected) && cJSON_IsArray(actual) &&
        cJSON_GetArraySize(expected) == cJSON_GetArraySize(actual)) {
        int i = 0;
        const cJSON *e = expected->child, *a = actual->child;
        for (; e != NULL; e = e->next, a = a->next, i++) {
            snprintf(inner, sizeof inner, "%s[%d]", path, i);
            if (!subset(e, a, inner, why)) {
                return 0;
            }
        }
        return 1;
    }
    if (cJSON_Compare(expected, actual, 1)) {
        return 1;
    }
    char *e = cJSON_PrintUnformatted(expected), *a = cJSON_PrintUnformatted(actual);
    snprintf(why, WHY_LEN, "%s: expected %.300s, got %.300s", path, e, a);
    cJSON_free(e);
    cJSON_free(a);
    return 0;
}

/* Checks an outcome (a code and, on success, the output document) against
 * a case's `expect` or `error`. */
static void check_outcome(const char *what, const cJSON *c, lt_result code, const cJSON *actual) {
    const cJSON *expected = cJSON_GetObjectItemCaseSensitive(c, "expect");
    const cJSON *error = cJSON_GetObjectItemCaseSensitive(c, "error");
    char why[WHY_LEN] = "";
    if (error != NULL) {
        check(code != LT_RESULT_OK && strcmp(lt_result_name(code), error->valuestring) == 0, what,
              "expected error %s, got %s: %s", error->valuestring, lt_result_name(code),
              lt_last_error());
    } else if (code != LT_RESULT_OK) {
        check(0, what, "unexpected error %s: %s", lt_result_name(code), lt_last_error());
    } else {
        check(expected != NULL && subset(expected, actual, "", why), what, "%s", why);
    }
}

/* Runs one operation through a JSON door and checks it. `tracker` NULL
 * means the rule door lt_execute. */
static void run_json(const char *what, lt_tracker *tracker, const cJSON *c) {
    const char *op = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "op"));
    char *input = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(c, "input"));
    char *out = NULL;
    lt_result code = tracker ? lt_tracker_execute(tracker, op, input, &out)
                             : lt_execute(op, input, &out);
    cJSON *actual = out ? cJSON_Parse(out) : NULL;
    check(code == LT_RESULT_OK ? actual != NULL : out == NULL, what,
          "the output must be a JSON document on success and untouched on failure");
    check_outcome(what, c, code, actual);
    cJSON_Delete(actual);
    lt_string_free(out);
    cJSON_free(input);
}

/* The status case again through lt_status_batch, as a host with day
 * numbers would call it. */
static void run_status_batch(const char *what, const cJSON *c) {
    const cJSON *input = cJSON_GetObjectItemCaseSensitive(c, "input");
    const cJSON *window = cJSON_GetObjectItemCaseSensitive(input, "window_days");
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(input, "expiries");
    int32_t today = 0;
    lt_result code = lt_day_parse(
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(input, "today")), &today);
    size_t len = (size_t)cJSON_GetArraySize(list), i = 0;
    lt_expiry *expiries = calloc(len + 1, sizeof *expiries);
    lt_evaluation *results = calloc(len + 1, sizeof *results);
    const cJSON *item;
    cJSON_ArrayForEach(item, list) {
        if (code != LT_RESULT_OK) {
            break;
        }
        expiries[i] = LT_EXPIRY_NEVER;
        if (!cJSON_IsNull(item)) {
            code = lt_day_parse(cJSON_GetStringValue(item), &expiries[i]);
        }
        i++;
    }
    if (code == LT_RESULT_OK) {
        uint32_t days = window ? (uint32_t)window->valuedouble : LT_DEFAULT_WINDOW_DAYS;
        code = lt_status_batch(expiries, len, today, days, results);
    }
    static const char *const names[] = {"active", "expiring", "expired"};
    cJSON *actual = cJSON_CreateObject(), *rows = cJSON_AddArrayToObject(actual, "results");
    for (i = 0; code == LT_RESULT_OK && i < len; i++) {
        cJSON *row = cJSON_CreateObject();
        cJSON_AddStringToObject(row, "status", names[results[i].status]);
        if (results[i].days_left == LT_NO_DAYS_LEFT) {
            cJSON_AddNullToObject(row, "days_left");
        } else {
            cJSON_AddNumberToObject(row, "days_left", results[i].days_left);
        }
        cJSON_AddItemToArray(rows, row);
    }
    check_outcome(what, c, code, actual);
    cJSON_Delete(actual);
    free(expiries);
    free(results);
}

/* A scenario: its steps in order on a fresh tracker at `path`. */
static void run_scenario(const char *what, const char *path, const cJSON *c) {
    lt_tracker *tracker = NULL;
    lt_result code = lt_tracker_open(path, &tracker);
    check(code == LT_RESULT_OK, what, "opening %s: %s", path, lt_last_error());
    const cJSON *steps = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(c, "input"), "steps");
    check(cJSON_GetArraySize(steps) > 0, what, "a scenario needs steps");
    char step_what[PATH_MAX_LEN];
    int i = 0;
    const cJSON *step;
    cJSON_ArrayForEach(step, steps) {
        if (tracker == NULL) {
            break;
        }
        snprintf(step_what, sizeof step_what, "%s, step %d `%s`", what, i++,
                 cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(step, "op")));
        run_json(step_what, tracker, step);
    }
    lt_tracker_free(tracker);
}

/* Removes a SQLite database and its journal files. */
static void remove_database(const char *path) {
    char side[PATH_MAX_LEN];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

static void run_file(const char *file, const char *dir, const char *tmp) {
    char path[PATH_MAX_LEN], what[PATH_MAX_LEN], db[PATH_MAX_LEN];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    FILE *f = fopen(path, "rb");
    check(f != NULL, path, "cannot be opened");
    if (f == NULL) {
        return;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    rewind(f);
    char *text = malloc((size_t)size + 1);
    size_t got = fread(text, 1, (size_t)size, f);
    text[got] = '\0';
    fclose(f);
    cJSON *doc = cJSON_Parse(text);
    free(text);
    const cJSON *cases = cJSON_GetObjectItemCaseSensitive(doc, "cases");
    check(cJSON_GetArraySize(cases) > 0, path, "no cases");
    const cJSON *c;
    cJSON_ArrayForEach(c, cases) {
        const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "name"));
        const char *op = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "op"));
        if (op != NULL && strcmp(op, "tracker") == 0) {
            snprintf(what, sizeof what, "%s / %s (memory)", file, name);
            run_scenario(what, ":memory:", c);
            snprintf(what, sizeof what, "%s / %s (file)", file, name);
            snprintf(db, sizeof db, "%s/tracker.db", tmp);
            run_scenario(what, db, c);
            remove_database(db);
            continue;
        }
        snprintf(what, sizeof what, "%s / %s", file, name);
        run_json(what, NULL, c);
        if (op != NULL && strcmp(op, "status") == 0) {
            snprintf(what, sizeof what, "%s / %s (lt_status_batch)", file, name);
            run_status_batch(what, c);
        }
    }
    cJSON_Delete(doc);
}

static int by_name(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void run_vectors(const char *dir) {
    DIR *d = opendir(dir);
    check(d != NULL, dir, "cannot be read");
    if (d == NULL) {
        return;
    }
    char *files[64];
    size_t count = 0;
    struct dirent *entry;
    while ((entry = readdir(d)) != NULL && count < 64) {
        size_t len = strlen(entry->d_name);
        if (len > 5 && strcmp(entry->d_name + len - 5, ".json") == 0) {
            files[count++] = strdup(entry->d_name);
        }
    }
    closedir(d);
    check(count >= 7, dir, "only %zu vector files", count);
    qsort(files, count, sizeof *files, by_name);
    const char *base = getenv("TMPDIR");
    char tmp[PATH_MAX_LEN];
    snprintf(tmp, sizeof tmp, "%s/licence-test-XXXXXX", base ? base : "/tmp");
    check(mkdtemp(tmp) != NULL, tmp, "cannot be made");
    for (size_t i = 0; i < count; i++) {
        run_file(files[i], dir, tmp);
        free(files[i]);
    }
    rmdir(tmp);
}
