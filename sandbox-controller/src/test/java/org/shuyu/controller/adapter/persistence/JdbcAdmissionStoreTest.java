package org.shuyu.controller.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.admission.Admission;
import org.shuyu.controller.admission.ComputeQuota;
import org.shuyu.controller.admission.DeadTickets;
import org.shuyu.controller.admission.Ticket;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.audit.AuditPage;
import org.shuyu.controller.audit.AuditQuery;
import org.shuyu.controller.audit.AuditRecord;
import org.shuyu.controller.audit.AuditVerification;
import org.shuyu.controller.config.AdmissionProperties;
import org.shuyu.controller.config.IdGenerator;
import org.shuyu.controller.job.ControllerIncarnation;
import org.shuyu.controller.support.TestDatabase;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The admission store (V14) on both databases the controller runs on, PostgreSQL and H2 in PostgreSQL mode: quotas
 * are stored and replaced, tickets stored and released, and a restarted controller releases (and audits) the tickets
 * an earlier incarnation held while keeping none of its own.
 */
@Tag("R-09a")
class JdbcAdmissionStoreTest {
    private static final AtomicLong IDS = new AtomicLong();
    private static final IdGenerator ID = prefix -> prefix + "-" + IDS.incrementAndGet();
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void postgresql() throws Exception {
        String url = TestDatabase.fresh("admission_store");
        check(url, TestDatabase.user(), "postgresql");
    }

    @Test
    void h2() throws Exception {
        check("jdbc:h2:mem:admission_store_" + IDS.incrementAndGet() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "h2");
    }

    private static void check(String url, String user, String vendor) {
        Flyway.configure().dataSource(url, user, "").locations("classpath:db/migration", "classpath:db/vendor/" + vendor).load()
                .migrate();
        DataSource dataSource = new DriverManagerDataSource(url, user, "");
        JdbcClient jdbc = JdbcClient.create(dataSource);
        jdbc.sql("INSERT INTO organizations (id, name, uscc, jurisdiction, established_on, accountable_user_id,"
                + " accountable_name, created_at, created_by) VALUES ('org-1', 'Org', '913302000000000001', '330200',"
                + " DATE '2020-01-01', 'applicant', 'Li Qiang', CURRENT_TIMESTAMP, 'admin')").update();
        JdbcAdmissionStore store = new JdbcAdmissionStore(jdbc);

        quotasAreStoredAndReplaced(store);
        ticketsAreStoredAndDeleted(store);
        restartReleasesTicketsOfTheDeadIncarnation(store, dataSource);
    }

    private static void quotasAreStoredAndReplaced(JdbcAdmissionStore store) {
        assertThat(store.quota("org-1")).isEmpty();
        ComputeQuota first = new ComputeQuota("org-1", 2, 4096, 1, Optional.of(T0), Optional.of("admin"));
        store.putQuota(first);
        assertThat(store.quota("org-1")).contains(first);
        ComputeQuota second = new ComputeQuota("org-1", 4, 8192, 3, Optional.of(T0.plusSeconds(60)), Optional.of("admin2"));
        store.putQuota(second);
        assertThat(store.quota("org-1")).contains(second);
        assertThat(store.quotas()).containsExactly(second);
        // A quota of an organization that does not exist is refused by the database as well.
        assertThatThrownBy(() -> store.putQuota(new ComputeQuota("org-missing", 1, 1, 1, Optional.of(T0), Optional.of("admin"))))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    private static void ticketsAreStoredAndDeleted(JdbcAdmissionStore store) {
        Ticket mine = new Ticket("ticket-a", "adm-a", "org-1", "ws-1", 2, 2048, "incarnation-now", T0, T0.plusSeconds(1));
        Ticket old = new Ticket("ticket-b", "adm-b", "org-1", "ws-2", 1, 1024, "incarnation-old", T0, T0.plusSeconds(2));
        store.insertTicket(mine);
        store.insertTicket(old);
        assertThat(store.tickets()).containsExactly(mine, old);
        assertThat(store.ticketsOfOtherIncarnations("incarnation-now")).containsExactly(old);
        assertThatThrownBy(() -> store.insertTicket(new Ticket("ticket-c", "adm-c", "org-1", "ws-3", 0, 1, "x", T0, T0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.deleteTicket("ticket-a")).isTrue();
        assertThat(store.deleteTicket("ticket-a")).isFalse();
        assertThat(store.deleteTicket("ticket-b")).isTrue();
        assertThat(store.tickets()).isEmpty();
    }

    private static void restartReleasesTicketsOfTheDeadIncarnation(JdbcAdmissionStore store, DataSource dataSource) {
        AdmissionProperties properties = new AdmissionProperties(new AdmissionProperties.Capacity(4, 8192),
                new AdmissionProperties.DefaultQuota(4, 8192, 4), 100, Duration.ofMinutes(5));
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        Admission before = new Admission(store, properties, new ControllerIncarnation(ID), ID, clock);
        Ticket held = ((Admission.Admitted) before.request("org-1", "ws-1", 3, 4096)).ticket();
        assertThat(store.tickets()).containsExactly(held);

        // The controller dies; a new one starts on the same database.
        Admission after = new Admission(store, properties, new ControllerIncarnation(ID), ID, clock);
        CapturingAudit audit = new CapturingAudit();
        int released = new DeadTickets(after, audit, new DataSourceTransactionManager(dataSource)).release();

        assertThat(released).isEqualTo(1);
        assertThat(store.tickets()).isEmpty();
        assertThat(audit.events).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("admission.ticket-release-dead");
            assertThat(e.subjectId()).isEqualTo(held.id());
            assertThat(e.organizationId()).contains("org-1");
        });
        // The whole capacity is the new controller's: the 3 cores the dead one held are not counted.
        assertThat(after.request("org-1", "ws-1", 4, 8192)).isInstanceOf(Admission.Admitted.class);
        assertThat(new DeadTickets(after, audit, new DataSourceTransactionManager(dataSource)).release()).isZero();
        assertThat(store.tickets()).hasSize(1);
    }

    private static final class CapturingAudit implements AuditLog {
        final List<AuditEvent> events = new ArrayList<>();

        @Override
        public AuditRecord append(AuditEvent event) {
            events.add(event);
            return null;
        }

        @Override
        public AuditRecord appendRefusal(AuditEvent event) {
            events.add(event);
            return null;
        }

        @Override
        public AuditPage search(AuditQuery query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public AuditVerification verify() {
            throw new UnsupportedOperationException();
        }
    }
}
