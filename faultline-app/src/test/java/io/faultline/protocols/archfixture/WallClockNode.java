package io.faultline.protocols.archfixture;

import io.faultline.runtime.archfixture.QuietNode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Date;
import java.util.function.LongSupplier;

/** Architecture fixture: a node that reads the wall clock in every forbidden way. */
public final class WallClockNode extends QuietNode {

    long[] readClocks(Clock clock) {
        LongSupplier reference = System::currentTimeMillis;
        return new long[] {
            System.currentTimeMillis(),
            System.nanoTime(),
            Instant.now().toEpochMilli(),
            Instant.now(clock).toEpochMilli(),
            LocalDate.now().toEpochDay(),
            LocalDateTime.now().getNano(),
            Clock.systemUTC().millis(),
            new Date().getTime(),
            reference.getAsLong(),
        };
    }
}
