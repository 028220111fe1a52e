package org.shuyu.controller.adapter.flight;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;

/**
 * Flight deliveries counted (issue 19, docs/operations.md): {@code shuyu.flight.deliveries} by {@code outcome}
 * (completed, refused, cancelled, stalled, stopped, failed) and {@code shuyu.flight.delivered.bytes} (Arrow body
 * bytes sent). No product, consumer or scenario label: who fetched what is the delivery record's business
 * (lineage and audit), not a metric's.
 */
@FunctionalInterface
interface DeliveryMeter {
    DeliveryMeter NONE = (outcome, bytes) -> { };

    void delivered(String outcome, long bytes);

    /** A delivery that was opened and has ended: its outcome from the stream's failure text (a fixed set of words). */
    default void ended(Optional<String> failure, long bytes) {
        delivered(failure.map(DeliveryMeter::outcomeOf).orElse("completed"), bytes);
    }

    static String outcomeOf(String failure) {
        if (failure.startsWith("cancelled")) {
            return "cancelled";
        }
        if (failure.startsWith("client stalled")) {
            return "stalled";
        }
        if (failure.startsWith("stopped")) {
            return "stopped";
        }
        return "failed";
    }

    static DeliveryMeter of(MeterRegistry registry) {
        Counter bytes = Counter.builder("shuyu.flight.delivered.bytes").baseUnit("bytes")
                .description("Arrow body bytes sent to consumers over Flight").register(registry);
        return (outcome, sent) -> {
            Counter.builder("shuyu.flight.deliveries").description("Flight deliveries (DoGet) by outcome")
                    .tag("outcome", outcome).register(registry).increment();
            if (sent > 0) {
                bytes.increment(sent);
            }
        };
    }
}
