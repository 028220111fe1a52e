package org.shuyu.controller.admission;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.shuyu.controller.config.AdmissionProperties;
import org.shuyu.controller.config.IdGenerator;
import org.shuyu.controller.job.ControllerIncarnation;

/** Builds {@link Admission}s for tests: a fixed capacity and default quota, sequential ids. */
final class Admissions {
    private static final AtomicLong IDS = new AtomicLong();
    static final IdGenerator IDS_IN_ORDER = prefix -> prefix + "-" + String.format("%08d", IDS.incrementAndGet());

    private Admissions() {}

    static AdmissionProperties properties(int cores, int memoryMb, Integer quotaCores, Integer quotaMemoryMb, int quotaEngines) {
        return new AdmissionProperties(new AdmissionProperties.Capacity(cores, memoryMb),
                new AdmissionProperties.DefaultQuota(quotaCores, quotaMemoryMb, quotaEngines), 1000, Duration.ofMinutes(5));
    }

    static Admission admission(AdmissionStore store, AdmissionProperties properties) {
        return admission(store, properties, Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC));
    }

    static Admission admission(AdmissionStore store, AdmissionProperties properties, Clock clock) {
        return new Admission(store, properties, new ControllerIncarnation(IDS_IN_ORDER), IDS_IN_ORDER, clock);
    }

    static ComputeQuota quota(String organizationId, int cores, int memoryMb, int engines) {
        return new ComputeQuota(organizationId, cores, memoryMb, engines, Optional.of(Instant.parse("2026-12-01T09:00:00Z")),
                Optional.of("admin"));
    }
}
