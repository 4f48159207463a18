package licence.bench

import java.nio.ByteBuffer
import java.nio.ByteOrder
import licence.Status
import licence.dayNumber
import licence.expiryStatuses
import licence.expiryStatusesPacked

/** Licences in the batch; the Rust bench uses the same number and pattern. */
private const val LICENCES = 100_000
private const val RUNS = 200

/** Median nanoseconds of [RUNS] calls of [call], after as many to warm up. */
private fun median(call: () -> List<Status>): Double {
    var expired = 0
    repeat(RUNS) { expired += call().count { it == Status.EXPIRED } }
    check(expired > 0)
    val times = LongArray(RUNS) {
        val start = System.nanoTime()
        call()
        System.nanoTime() - start
    }
    times.sort()
    return times[RUNS / 2].toDouble()
}

/**
 * Status of 100,000 licences through the binding, typed and packed, against
 * the Rust figure (median nanoseconds of the engine's batch call) given as
 * the argument.
 */
fun main(args: Array<String>) {
    val rustNs = args.single().toDouble()
    val today = dayNumber("2026-02-01")
    val expiries = IntArray(LICENCES) { i -> if (i % 10 == 0) Int.MIN_VALUE else today - 400 + (i * 7919) % 1500 }
    val typed = median { expiryStatuses(expiries, today, 90u) }
    val buffer = ByteBuffer.allocateDirect(4 * expiries.size).order(ByteOrder.LITTLE_ENDIAN)
    val packed = median {
        buffer.asIntBuffer().put(expiries)
        expiryStatusesPacked(buffer, today, 90u)
    }
    println("status of $LICENCES licences, median of $RUNS calls each")
    println("  rust engine call:                   %6.0f us".format(rustNs / 1000))
    println("  kotlin expiryStatuses(IntArray):    %6.0f us  %4.1fx rust".format(typed / 1000, typed / rustNs))
    println("  kotlin expiryStatusesPacked:        %6.0f us  %4.1fx rust".format(packed / 1000, packed / rustNs))
    println("    (packing the IntArray into a reused direct ByteBuffer included)")
}
