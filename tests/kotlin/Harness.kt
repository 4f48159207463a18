package licence.tests

/** Counts named checks; a check fails when it throws. */
class Harness {
    var passed = 0
        private set
    var failed = 0
        private set

    /** Runs [body] as the check [name], reporting a failure with its reason. */
    fun check(name: String, body: () -> Unit) {
        try {
            body()
            passed++
        } catch (e: Throwable) {
            failed++
            println("FAIL $name: $e"); e.stackTrace.take(6).forEach { println("    at $it") }
        }
    }
}

/** Fails with [what] unless [actual] equals [expected]. */
fun <T> assertEquals(expected: T, actual: T, what: String = "value") {
    if (expected != actual) throw AssertionError("$what: expected <$expected>, got <$actual>")
}

/** Runs [body], which must throw an exception of type [E]; returns it. */
inline fun <reified E : Throwable> assertThrows(body: () -> Unit): E {
    try {
        body()
    } catch (e: Throwable) {
        if (e is E) return e
        throw AssertionError("expected ${E::class.simpleName}, got $e")
    }
    throw AssertionError("expected ${E::class.simpleName}, nothing was thrown")
}
