package licence.tests

import com.google.gson.JsonElement
import com.google.gson.JsonObject
import com.google.gson.JsonParser
import java.io.File
import java.nio.file.Files
import licence.LicenceException
import licence.Rules
import licence.Tracker
import licence.execute

/** Where [actual] differs from the subset [expected], as a path and reason. */
fun mismatch(expected: JsonElement, actual: JsonElement, path: String = ""): String? = when {
    expected.isJsonObject && actual.isJsonObject ->
        expected.asJsonObject.entrySet().firstNotNullOfOrNull { (key, value) ->
            val found = actual.asJsonObject.get(key)
            if (found == null) "$path.$key: missing" else mismatch(value, found, "$path.$key")
        }
    expected.isJsonArray && actual.isJsonArray &&
        expected.asJsonArray.size() == actual.asJsonArray.size() ->
        (0 until expected.asJsonArray.size()).firstNotNullOfOrNull { i ->
            mismatch(expected.asJsonArray[i], actual.asJsonArray[i], "$path[$i]")
        }
    expected == actual -> null
    else -> "$path: expected $expected, got $actual"
}

/** Runs one call and compares its outcome with the case's `expect` or `error`. */
fun checkOutcome(case: JsonObject, call: () -> String) {
    val outcome = try {
        Result.success(JsonParser.parseString(call()))
    } catch (e: LicenceException) {
        Result.failure(e)
    } catch (e: Unfit) {
        // A document that no record holds: the engine's invalid input.
        if (case["error"]?.asString == "invalid_input") return
        throw AssertionError("input no record holds: ${e.message}")
    }
    val actual = outcome.getOrNull()
    val error = outcome.exceptionOrNull() as LicenceException?
    when {
        case.has("expect") && actual != null ->
            mismatch(case["expect"], actual)?.let { throw AssertionError("$it\n  actual: $actual") }
        case.has("error") && error != null ->
            assertEquals(case["error"].asString, error.kindName(), "error kind (${error.message()})")
        error != null -> throw AssertionError("unexpected error ${error.kindName()}: ${error.message()}")
        else -> throw AssertionError("expected error ${case["error"]}, got $actual")
    }
}

/** Runs a scenario's steps in order on [tracker]. */
fun runSteps(tracker: Tracker, steps: List<JsonElement>) {
    steps.forEachIndexed { i, element ->
        val step = element.asJsonObject
        val op = step["op"].asString
        try {
            checkOutcome(step) {
                Typed.call(tracker, Typed.tracker, op, step["input"]) { tracker.execute(op, it) }
            }
        } catch (e: AssertionError) {
            throw AssertionError("step $i `$op`: ${e.message}")
        }
    }
}

/** Runs a case: a rule operation, or a scenario on fresh trackers of both stores. */
fun runCase(case: JsonObject) {
    val op = case["op"].asString
    if (op != "tracker") {
        Rules().use { rules ->
            checkOutcome(case) { Typed.call(rules, Typed.rules, op, case["input"]) { execute(op, it) } }
        }
        checkOutcome(case) { execute(op, case["input"].toString()) }
        return
    }
    val steps = case["input"].asJsonObject["steps"].asJsonArray.toList()
    Tracker.inMemory().use { tracker ->
        try { runSteps(tracker, steps) } catch (e: AssertionError) { throw AssertionError("memory store, ${e.message}") }
    }
    val dir = Files.createTempDirectory("licence-vectors")
    try {
        Tracker.open(dir.resolve("tracker.db").toString()).use { tracker ->
            try { runSteps(tracker, steps) } catch (e: AssertionError) { throw AssertionError("sqlite file, ${e.message}") }
        }
    } finally {
        dir.toFile().deleteRecursively()
    }
}

/** Runs every case of every vector file in [dir]; returns how many ran. */
fun runVectors(harness: Harness, dir: File): Int {
    val files = dir.listFiles { f -> f.name.endsWith(".json") }.orEmpty().sortedBy { it.name }
    var count = 0
    for (file in files) {
        val cases = JsonParser.parseString(file.readText()).asJsonObject["cases"].asJsonArray
        for (case in cases) {
            val name = case.asJsonObject["name"].asString
            harness.check("${file.name} / $name") { runCase(case.asJsonObject) }
            count++
        }
    }
    return count
}
