/* The error cases (null pointers, invalid UTF-8, invalid dates, unknown
 * ids, refused rights, limits) and the typed batch calls, with specific
 * values. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define CTX "\"ctx\": {\"actor\": \"admin\", \"at\": 1767225600}"

/* 2026-03-01 as a day number. */
enum { MARCH_1 = 20513 };

static void names_and_messages(void) {
    check(strcmp(lt_result_name(LT_RESULT_OK), "ok") == 0, "name of 0", "%s", lt_result_name(0));
    check(strcmp(lt_result_name(1), "not_found") == 0, "name of 1", "%s", lt_result_name(1));
    check(strcmp(lt_result_name(LT_RESULT_STORAGE), "storage") == 0, "name of 7", "%s",
          lt_result_name(7));
    check(strcmp(lt_result_name(LT_RESULT_INTERNAL), "internal") == 0, "name of 100", "%s",
          lt_result_name(100));
    check(strcmp(lt_result_name(42), "unknown") == 0, "name of 42", "%s", lt_result_name(42));
    int32_t day = 0;
    expect("a failed call sets the message", lt_day_parse("2026-02-30", &day),
           LT_RESULT_INVALID_INPUT, "invalid date: `2026-02-30` is not a calendar date");
    expect("a call that succeeds clears it", lt_day_parse("2026-03-01", &day), LT_RESULT_OK, NULL);
    check(strcmp(lt_last_error(), "") == 0, "cleared message", "\"%s\"", lt_last_error());
}

static void dates(void) {
    int32_t day = -1;
    expect("2026-03-01", lt_day_from_ymd(2026, 3, 1, &day), LT_RESULT_OK, NULL);
    check(day == MARCH_1, "day number of 2026-03-01", "%d", day);
    expect("1970-01-01", lt_day_parse("1970-01-01", &day), LT_RESULT_OK, NULL);
    check(day == 0, "day number of 1970-01-01", "%d", day);
    day = 7;
    expect("30 February", lt_day_from_ymd(2026, 2, 30, &day), LT_RESULT_INVALID_INPUT,
           "`2026-02-30` is not a calendar date");
    check(day == 7, "output untouched on failure", "%d", day);
    expect("month 13", lt_day_parse("2026-13-01", &day), LT_RESULT_INVALID_INPUT, "2026-13-01");
    expect("year 0", lt_day_from_ymd(0, 1, 1, &day), LT_RESULT_INVALID_INPUT, "year `0`");
    expect("not a date", lt_day_parse("1 March", &day), LT_RESULT_INVALID_INPUT,
           "is not a date in the form YYYY-MM-DD");
    expect("null date", lt_day_parse(NULL, &day), LT_RESULT_INVALID_INPUT,
           "invalid date: is a null pointer");
    expect("null day output", lt_day_from_ymd(2026, 3, 1, NULL), LT_RESULT_INVALID_INPUT,
           "invalid out: is a null pointer");
}

static void json_arguments(void) {
    char *out = NULL;
    expect("null op", lt_execute(NULL, "{}", &out), LT_RESULT_INVALID_INPUT,
           "invalid op: is a null pointer");
    expect("null input", lt_execute("status", NULL, &out), LT_RESULT_INVALID_INPUT,
           "invalid input_json: is a null pointer");
    expect("null output", lt_execute("trigger_date", "{\"expiry\": \"2026-05-31\", \"lead\": \"3 months\"}", NULL),
           LT_RESULT_INVALID_INPUT, "invalid out_json: is a null pointer");
    expect("invalid UTF-8 op", lt_execute("stat\xffus", "{}", &out), LT_RESULT_INVALID_INPUT,
           "invalid op: is not UTF-8");
    expect("invalid UTF-8 input", lt_execute("status", "{\"today\": \"\xc3\x28\"}", &out),
           LT_RESULT_INVALID_INPUT, "invalid input_json: is not UTF-8");
    expect("malformed JSON", lt_execute("status", "{\"today\":", &out), LT_RESULT_INVALID_INPUT,
           "invalid input: is not JSON");
    expect("unknown op", lt_execute("teleport", "{}", &out), LT_RESULT_INVALID_INPUT,
           "`teleport` is not a rule operation");
    expect("invalid date in a document",
           lt_execute("status", "{\"today\": \"2026-02-30\", \"expiries\": []}", &out),
           LT_RESULT_INVALID_INPUT, "`2026-02-30` is not a calendar date");
    check(out == NULL, "no output after failures", "%p", (void *)out);
    expect("trigger date", lt_execute(LT_RULE_TRIGGER_DATE, "{\"expiry\": \"2026-05-31\", \"lead\": \"3 months\"}", &out),
           LT_RESULT_OK, NULL);
    check(out != NULL && strcmp(out, "{\"trigger\":\"2026-02-28\"}") == 0, "31 May - 3 months",
          "%s", out ? out : "(null)");
    lt_string_free(out);
    lt_string_free(NULL);
}

/* Runs a tracker operation, freeing its output. */
static lt_result tracker_op(lt_tracker *tracker, const char *op, const char *input) {
    char *out = NULL;
    lt_result code = lt_tracker_execute(tracker, op, input, &out);
    lt_string_free(out);
    return code;
}

static void tracker_errors(void) {
    lt_tracker *tracker = NULL;
    char *out = NULL;
    expect("null path", lt_tracker_open(NULL, &tracker), LT_RESULT_INVALID_INPUT,
           "invalid path: is a null pointer");
    expect("null tracker output", lt_tracker_open(":memory:", NULL), LT_RESULT_INVALID_INPUT,
           "invalid out: is a null pointer");
    expect("invalid UTF-8 path", lt_tracker_open("/tmp/\xfe.db", &tracker),
           LT_RESULT_INVALID_INPUT, "invalid path: is not UTF-8");
    expect("unopenable path", lt_tracker_open("/nonexistent-dir/licences.db", &tracker),
           LT_RESULT_STORAGE, "storage failure");
    expect("unknown option", lt_tracker_open_with(":memory:", "{\"durable\": true}", &tracker),
           LT_RESULT_INVALID_INPUT, "invalid options_json: unknown field `durable`");
    expect("unknown durability", lt_tracker_open_with(":memory:", "{\"durability\": \"fast\"}", &tracker),
           LT_RESULT_INVALID_INPUT, "invalid options_json");
    check(tracker == NULL, "no tracker after failures", "%p", (void *)tracker);
    expect("open with the defaults", lt_tracker_open_with(":memory:", NULL, &tracker), LT_RESULT_OK, NULL);
    lt_tracker_free(tracker);
    tracker = NULL;
    expect("a new database cannot be opened read-only",
           lt_tracker_open_with(":memory:", "{\"durability\": \"normal\", \"busy_timeout_ms\": 100, \"read_only\": true}", &tracker),
           LT_RESULT_STORAGE, "is open read-only, so it cannot be migrated");
    check(tracker == NULL, "no read-only tracker", "%p", (void *)tracker);
    expect("null tracker", lt_tracker_execute(NULL, "settings", "", &out),
           LT_RESULT_INVALID_INPUT, "invalid tracker: is a null pointer");
    lt_tracker_free(NULL);

    expect("open", lt_tracker_open(":memory:", &tracker), LT_RESULT_OK, NULL);
    expect("unknown person", tracker_op(tracker, "person", "{\"id\": \"nobody\"}"),
           LT_RESULT_NOT_FOUND, "person `nobody` not found");
    const char *cara =
        "{\"person\": {\"id\": \"c1\", \"name\": \"Cara\", \"roles\": [\"delegate\"], "
        "\"registered_on\": \"2024-01-10\", \"active\": true}, " CTX "}";
    expect("register", tracker_op(tracker, "register_person", cara), LT_RESULT_OK, NULL);
    expect("register twice", tracker_op(tracker, "register_person", cara),
           LT_RESULT_ALREADY_EXISTS, "person `c1` already exists");
    expect("licence type",
           tracker_op(tracker, "create_licence_type",
                      "{\"licence_type\": {\"id\": \"ind\", \"name\": \"Site induction\", "
                      "\"kind\": \"induction\"}, " CTX "}"),
           LT_RESULT_OK, NULL);
    expect("site",
           tracker_op(tracker, "create_site", "{\"site\": {\"id\": \"s1\", \"name\": \"Acme\"}, " CTX "}"),
           LT_RESULT_OK, NULL);
    expect("candidate uploads",
           tracker_op(tracker, "custody_event",
                      "{\"candidate_id\": \"c1\", \"event\": {\"party\": \"candidate\", \"action\": "
                      "\"upload\", \"licence_id\": \"i1\", \"type_id\": \"ind\"}, \"licence\": {\"id\": "
                      "\"i1\", \"holder_id\": \"c1\", \"type_id\": \"ind\"}, \"on\": \"2026-01-10\", " CTX "}"),
           LT_RESULT_OK, NULL);
    expect("a site may not delete a candidate's licence",
           tracker_op(tracker, "custody_event",
                      "{\"candidate_id\": \"c1\", \"event\": {\"party\": {\"site\": \"s1\"}, "
                      "\"action\": \"delete\", \"licence_id\": \"i1\"}, \"on\": \"2026-01-11\", " CTX "}"),
           LT_RESULT_PERMISSION_DENIED, "may not");
    expect("transfer of a candidate's licence",
           tracker_op(tracker, "custody_event",
                      "{\"candidate_id\": \"c1\", \"event\": {\"party\": {\"site\": \"s1\"}, "
                      "\"action\": \"transfer\", \"licence_id\": \"i1\"}, \"on\": \"2026-01-11\", " CTX "}"),
           LT_RESULT_PERMISSION_DENIED, NULL);
    expect("the licence is still there",
           lt_tracker_execute(tracker, "rights",
                              "{\"candidate_id\": \"c1\", \"licence_id\": \"i1\", \"party\": \"candidate\"}",
                              &out),
           LT_RESULT_OK, NULL);
    check(out != NULL && strcmp(out, "{\"rights\":[\"view\",\"edit\",\"delete\",\"share\"]}") == 0,
          "candidate's rights", "%s", out ? out : "(null)");
    lt_string_free(out);
    expect("invalid UTF-8 to a tracker", tracker_op(tracker, "person", "{\"id\": \"\xff\"}"),
           LT_RESULT_INVALID_INPUT, "is not UTF-8");
    lt_tracker_free(tracker);
}

static void status_batch(void) {
    const lt_expiry expiries[4] = {MARCH_1 - 1, MARCH_1, MARCH_1 + 91, LT_EXPIRY_NEVER};
    lt_evaluation out[4];
    memset(out, 0xAB, sizeof out);
    expect("status batch", lt_status_batch(expiries, 4, MARCH_1, 90, out), LT_RESULT_OK, NULL);
    check(out[0].status == LT_LICENCE_STATUS_EXPIRED && out[0].days_left == -1, "yesterday",
          "%d %d", out[0].status, out[0].days_left);
    check(out[1].status == LT_LICENCE_STATUS_EXPIRING && out[1].days_left == 0, "today", "%d %d",
          out[1].status, out[1].days_left);
    check(out[2].status == LT_LICENCE_STATUS_ACTIVE && out[2].days_left == 91, "T+W+1", "%d %d",
          out[2].status, out[2].days_left);
    check(out[3].status == LT_LICENCE_STATUS_ACTIVE && out[3].days_left == LT_NO_DAYS_LEFT,
          "no expiry", "%d %d", out[3].status, out[3].days_left);
    expect("empty batch with null arrays", lt_status_batch(NULL, 0, MARCH_1, 90, NULL),
           LT_RESULT_OK, NULL);
    expect("null expiries", lt_status_batch(NULL, 4, MARCH_1, 90, out), LT_RESULT_INVALID_INPUT,
           "invalid expiries: is a null pointer");
    expect("null results", lt_status_batch(expiries, 4, MARCH_1, 90, NULL),
           LT_RESULT_INVALID_INPUT, "invalid out: is a null pointer");
    int32_t storage[5] = {MARCH_1, MARCH_1, MARCH_1, MARCH_1, MARCH_1};
    expect("misaligned expiries",
           lt_status_batch((const lt_expiry *)(const void *)((const char *)storage + 1), 4, MARCH_1,
                           90, out),
           LT_RESULT_INVALID_INPUT, "invalid expiries: is not aligned for its type");
    expect("window over ten years", lt_status_batch(expiries, 4, MARCH_1, 3661, out),
           LT_RESULT_INVALID_INPUT, "window_days");
    expect("today out of range", lt_status_batch(expiries, 4, INT32_MAX, 90, out),
           LT_RESULT_INVALID_INPUT, "invalid today");
    const lt_expiry far[2] = {MARCH_1, INT32_MAX};
    expect("expiry out of range", lt_status_batch(far, 2, MARCH_1, 90, out),
           LT_RESULT_INVALID_INPUT, "expiries[1]");
    expect("batch over the limit", lt_status_batch(expiries, LT_MAX_BATCH + 1, MARCH_1, 90, out),
           LT_RESULT_LIMIT_EXCEEDED, "batch length exceeds the limit of 16777216");
}

static void reminders_batch(void) {
    lt_schedules *schedules = NULL;
    expect("bad policies", lt_schedules_new("{\"leads\": []}", &schedules),
           LT_RESULT_INVALID_INPUT, "invalid policies_json");
    expect("lead listed twice", lt_schedules_new("[{\"leads\": [\"1 week\", \"1 week\"]}]", &schedules),
           LT_RESULT_INVALID_INPUT, "`1 week` is listed twice");
    expect("null policies", lt_schedules_new(NULL, &schedules), LT_RESULT_INVALID_INPUT,
           "invalid policies_json: is a null pointer");
    check(schedules == NULL, "no schedules after failures", "%p", (void *)schedules);
    expect("schedules",
           lt_schedules_new("[{\"leads\": [\"1 month\", \"1 week\", \"0 days\"]}, "
                            "{\"leads\": [\"0 days\"], \"after_expiry\": {\"every_days\": 7, \"times\": 2}}]",
                            &schedules),
           LT_RESULT_OK, NULL);
    const lt_reminder_input inputs[4] = {
        {MARCH_1 + 5, LT_NOTHING_ACKNOWLEDGED, 0, 0},
        {MARCH_1 + 5, LT_NOTHING_ACKNOWLEDGED, 0, LT_REMINDER_SUPERSEDED},
        {MARCH_1 - 8, LT_NOTHING_ACKNOWLEDGED, 1, 0},
        {MARCH_1 + 5, MARCH_1 - 2, 0, 0},
    };
    lt_due_slot out[4];
    size_t due = 99;
    expect("reminders batch", lt_reminders_batch(inputs, 4, schedules, MARCH_1, out, &due),
           LT_RESULT_OK, NULL);
    check(due == 2, "two due", "%zu", due);
    check(out[0].index == 0 && out[0].days_left == 5 && out[0].lead.amount == 1 &&
              out[0].lead.unit == LT_PERIOD_UNIT_WEEKS && out[0].skipped == 1 &&
              out[0].trigger == MARCH_1 - 2,
          "the most urgent lead", "index %u days %d lead %u/%u skipped %u trigger %d",
          out[0].index, out[0].days_left, out[0].lead.amount, out[0].lead.unit, out[0].skipped,
          out[0].trigger);
    check(out[1].index == 2 && out[1].occurrence == 1 && out[1].days_left == -8 &&
              out[1].trigger == MARCH_1 - 1,
          "the first reminder after expiry", "index %u occurrence %u days %d trigger %d",
          out[1].index, out[1].occurrence, out[1].days_left, out[1].trigger);
    const lt_reminder_input bad_schedule[1] = {{MARCH_1, LT_NOTHING_ACKNOWLEDGED, 2, 0}};
    expect("schedule index out of range",
           lt_reminders_batch(bad_schedule, 1, schedules, MARCH_1, out, &due),
           LT_RESULT_INVALID_INPUT, "`2` is not one of the 2 schedules");
    const lt_reminder_input bad_flags[1] = {{MARCH_1, LT_NOTHING_ACKNOWLEDGED, 0, 64}};
    expect("unknown flags", lt_reminders_batch(bad_flags, 1, schedules, MARCH_1, out, &due),
           LT_RESULT_INVALID_INPUT, "has unknown bits");
    expect("null schedules", lt_reminders_batch(inputs, 4, NULL, MARCH_1, out, &due),
           LT_RESULT_INVALID_INPUT, "invalid schedules: is a null pointer");
    expect("null count", lt_reminders_batch(inputs, 4, schedules, MARCH_1, out, NULL),
           LT_RESULT_INVALID_INPUT, "invalid out_len: is a null pointer");
    lt_schedules_free(schedules);
    lt_schedules_free(NULL);
}

static void rights_batch(void) {
    const lt_rights_query queries[5] = {
        {LT_RIGHTS_QUERY_CANDIDATE, LT_RIGHTS_QUERY_CANDIDATE, 0},
        {1, 1, 0},
        {LT_RIGHTS_QUERY_CANDIDATE, 2, 1},
        {LT_RIGHTS_QUERY_CANDIDATE, 2, 0},
        {LT_RIGHTS_QUERY_DELETED, LT_RIGHTS_QUERY_CANDIDATE, 0},
    };
    lt_rights out[5];
    expect("rights batch", lt_rights_batch(queries, 5, out), LT_RESULT_OK, NULL);
    check(out[0] == (LT_RIGHTS_VIEW | LT_RIGHTS_EDIT | LT_RIGHTS_DELETE | LT_RIGHTS_SHARE),
          "candidate owner", "%u", out[0]);
    check(out[1] == (LT_RIGHTS_VIEW | LT_RIGHTS_EDIT | LT_RIGHTS_DELETE | LT_RIGHTS_TRANSFER),
          "site owner", "%u", out[1]);
    check(out[2] == (LT_RIGHTS_VIEW | LT_RIGHTS_REMOVE), "shared site", "%u", out[2]);
    check(out[3] == LT_RIGHTS_NONE && out[4] == LT_RIGHTS_NONE, "no rights", "%u %u", out[3],
          out[4]);
    expect("null queries", lt_rights_batch(NULL, 5, out), LT_RESULT_INVALID_INPUT,
           "invalid queries: is a null pointer");
}

static void purge_batch(void) {
    const lt_purge_facts facts[3] = {
        {20178, LT_PURGE_FACTS_NO_DAY},   /* expired 2025-03-31 */
        {LT_PURGE_FACTS_NO_DAY, 20463},   /* deleted 2026-01-10 */
        {LT_PURGE_FACTS_NO_DAY, LT_PURGE_FACTS_NO_DAY},
    };
    const char *retention = "{\"after_expiry\": \"1 year\", \"after_deletion\": \"30 days\"}";
    lt_purge out[3];
    size_t due = 99;
    expect("purge on 2026-03-31", lt_purge_batch(facts, 3, retention, 20543, out, &due),
           LT_RESULT_OK, NULL);
    check(due == 1 && out[0].index == 1 && out[0].reason == LT_PURGE_REASON_DELETED,
          "only the deleted one", "%zu", due);
    expect("purge on 2026-04-01", lt_purge_batch(facts, 3, retention, 20544, out, &due),
           LT_RESULT_OK, NULL);
    check(due == 2 && out[0].index == 0 && out[0].reason == LT_PURGE_REASON_EXPIRED &&
              out[1].index == 1,
          "both", "%zu", due);
    expect("bad retention", lt_purge_batch(facts, 3, "{\"after_expiry\": \"1 fortnight\"}", 20544, out, &due),
           LT_RESULT_INVALID_INPUT, "invalid retention_json");
    const lt_purge_facts far[1] = {{INT32_MAX, LT_PURGE_FACTS_NO_DAY}};
    expect("day out of range", lt_purge_batch(far, 1, retention, 20544, out, &due),
           LT_RESULT_INVALID_INPUT, "facts[0].expiry");
}

static void attachments(void) {
    lt_tracker *tracker = NULL;
    char *out = NULL;
    expect("open", lt_tracker_open(":memory:", &tracker), LT_RESULT_OK, NULL);
    expect("person",
           tracker_op(tracker, "register_person",
                      "{\"person\": {\"id\": \"ana\", \"name\": \"Ana\", \"roles\": [], "
                      "\"registered_on\": \"2024-01-10\", \"active\": true}, " CTX "}"),
           LT_RESULT_OK, NULL);
    expect("licence",
           tracker_op(tracker, "record_licence",
                      "{\"licence\": {\"id\": \"l1\", \"holder_id\": \"ana\", \"type_id\": \"fa\"}, "
                      "\"new_type\": {\"id\": \"fa\", \"name\": \"First aid\", \"kind\": "
                      "\"certification\"}, " CTX "}"),
           LT_RESULT_OK, NULL);
    const char *card = "{" CTX ", \"id\": \"f1\", \"licence_id\": \"l1\", \"file_name\": "
                       "\"card.bin\", \"media_type\": \"application/octet-stream\"}";
    const uint8_t bytes[6] = {'h', 'e', 'l', 'l', 'o', 0};
    expect("add bytes", lt_tracker_add_attachment(tracker, card, bytes, 5, &out), LT_RESULT_OK, NULL);
    check(out != NULL && strstr(out, "\"sha256\":\"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824\"") &&
              strstr(out, "\"size\":5"),
          "stored attachment", "%s", out ? out : "(null)");
    lt_string_free(out);
    out = NULL;
    expect("the same id again", lt_tracker_add_attachment(tracker, card, bytes, 5, &out),
           LT_RESULT_ALREADY_EXISTS, "attachment `f1` already exists");
    uint8_t *content = NULL;
    size_t len = 0;
    expect("content", lt_tracker_attachment_content(tracker, "f1", &content, &len), LT_RESULT_OK, NULL);
    check(len == 5 && content != NULL && memcmp(content, "hello", 5) == 0, "content read back",
          "%zu bytes", len);
    lt_bytes_free(content, len);
    lt_bytes_free(NULL, 0);
    const char *empty = "{" CTX ", \"id\": \"f2\", \"licence_id\": \"l1\", \"file_name\": "
                        "\"empty.txt\", \"media_type\": \"text/plain\"}";
    expect("an empty file", lt_tracker_add_attachment(tracker, empty, NULL, 0, &out), LT_RESULT_OK, NULL);
    lt_string_free(out);
    content = NULL;
    expect("empty content", lt_tracker_attachment_content(tracker, "f2", &content, &len), LT_RESULT_OK, NULL);
    check(len == 0, "empty content read back", "%zu bytes", len);
    lt_bytes_free(content, len);
    expect("null content", lt_tracker_add_attachment(tracker, empty, NULL, 3, &out),
           LT_RESULT_INVALID_INPUT, "invalid content: is a null pointer");
    expect("unknown attachment", lt_tracker_attachment_content(tracker, "f9", &content, &len),
           LT_RESULT_NOT_FOUND, "attachment `f9` not found");
    expect("missing field", lt_tracker_add_attachment(tracker, "{\"id\": \"f3\"}", bytes, 5, &out),
           LT_RESULT_INVALID_INPUT, "invalid input_json");
    // A file over the batch limit (16 Mi items) within a raised attachment limit.
    expect("raised limit",
           tracker_op(tracker, "update_settings", "{\"settings\": {\"attachment_limit\": 33554432}, " CTX "}"),
           LT_RESULT_OK, NULL);
    const size_t large_len = (17u << 20) + 1;
    uint8_t *large = calloc(large_len, 1);
    const char *scan = "{" CTX ", \"id\": \"f5\", \"licence_id\": \"l1\", \"file_name\": "
                       "\"scan.tiff\", \"media_type\": \"image/tiff\"}";
    expect("17 MiB under a 32 MiB limit", lt_tracker_add_attachment(tracker, scan, large, large_len, &out),
           LT_RESULT_OK, NULL);
    check(out != NULL && strstr(out, "\"size\":17825793"), "large attachment stored", "%s", out ? out : "(null)");
    lt_string_free(out);
    out = NULL;
    free(large);
    expect("limit", tracker_op(tracker, "update_settings", "{\"settings\": {\"attachment_limit\": 4}, " CTX "}"),
           LT_RESULT_OK, NULL);
    const char *big = "{" CTX ", \"id\": \"f4\", \"licence_id\": \"l1\", \"file_name\": "
                      "\"big.bin\", \"media_type\": \"application/octet-stream\"}";
    expect("over the size limit", lt_tracker_add_attachment(tracker, big, bytes, 5, &out),
           LT_RESULT_LIMIT_EXCEEDED, "exceeds the limit of 4");
    expect("null tracker", lt_tracker_attachment_content(NULL, "f1", &content, &len),
           LT_RESULT_INVALID_INPUT, "invalid tracker: is a null pointer");
    lt_tracker_free(tracker);
}

void run_calls(void) {
    names_and_messages();
    dates();
    json_arguments();
    tracker_errors();
    status_batch();
    reminders_batch();
    rights_batch();
    purge_batch();
    attachments();
}
