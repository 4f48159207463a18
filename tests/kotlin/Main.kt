package licence.tests

import java.io.File
import kotlin.system.exitProcess

/** Runs the conformance vectors in the directory given first, then the scenario. */
fun main(args: Array<String>) {
    val harness = Harness()
    val cases = runVectors(harness, File(args.firstOrNull() ?: "tests/vectors"))
    if (cases < 10) {
        println("only $cases vector cases found")
        exitProcess(1)
    }
    runScenario(harness)
    runOffice(harness)
    println("kotlin: ${harness.passed} passed, ${harness.failed} failed")
    exitProcess(if (harness.failed == 0) 0 else 1)
}
