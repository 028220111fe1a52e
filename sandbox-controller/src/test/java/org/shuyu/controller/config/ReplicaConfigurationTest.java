package org.shuyu.controller.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.replica.Leadership;
import org.shuyu.controller.replica.Lease;
import org.shuyu.controller.replica.LeaseStore;

/** Which databases admit one process only, and the lease settings' sanity check (docs/replicas.md). */
class ReplicaConfigurationTest {
    @Test
    void onlyAnEmbeddedH2FileIsASoleProcessDatabase() {
        assertThat(ReplicaConfiguration.soleProcess("jdbc:h2:dsync:file:./shuyu-data/db/shuyu;WRITE_DELAY=0;MODE=PostgreSQL")).isTrue();
        assertThat(ReplicaConfiguration.soleProcess("jdbc:h2:file:/var/db/x")).isTrue();
        assertThat(ReplicaConfiguration.soleProcess("jdbc:h2:file:/var/db/x;AUTO_SERVER=TRUE")).isFalse();
        assertThat(ReplicaConfiguration.soleProcess("jdbc:h2:mem:test")).isFalse();
        assertThat(ReplicaConfiguration.soleProcess("jdbc:h2:tcp://db/x")).isFalse();
        assertThat(ReplicaConfiguration.soleProcess("jdbc:postgresql://127.0.0.1:5432/shuyu")).isFalse();
        assertThat(ReplicaConfiguration.soleProcess("")).isFalse();
    }

    @Test
    void theRenewalMustFitTwiceIntoTheLease() {
        assertThatThrownBy(() -> new Leadership(null, "r", "i", "c", Duration.ofSeconds(5), Duration.ofSeconds(3)))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Leadership(new NoLeases(), "r", "i", "c", Duration.ofSeconds(5), Duration.ofSeconds(3)))
                .hasMessageContaining("at most half");
    }

    @Test
    void theReplicaIdDefaultsToHostAndProcess() {
        ReplicaProperties defaults = new ReplicaProperties(null, null, Duration.ofSeconds(15), Duration.ofSeconds(3), Duration.ofSeconds(10));
        assertThat(defaults.replicaId()).endsWith("-" + ProcessHandle.current().pid());
        assertThat(defaults.clusterName()).isEqualTo("shuyu");
        assertThat(new ReplicaProperties("pod-1", "blue", null, null, null).replicaId()).isEqualTo("pod-1");
    }

    private static final class NoLeases implements LeaseStore {
        @Override
        public Optional<Lease> acquire(String name, String holder, Duration duration) {
            return Optional.empty();
        }

        @Override
        public Optional<Lease> renew(Lease lease, Duration duration) {
            return Optional.empty();
        }

        @Override
        public void release(Lease lease) {}

        @Override
        public boolean holds(Lease lease) {
            return false;
        }

        @Override
        public Optional<Lease> find(String name) {
            return Optional.empty();
        }

        @Override
        public int expireAllBut(String holder) {
            return 0;
        }

        @Override
        public int forgetExpired(String prefix, Duration age) {
            return 0;
        }
    }
}
