package org.shuyu.controller.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.annual.AnnualEvaluation;
import org.shuyu.controller.annual.AnnualFigures;
import org.shuyu.controller.annual.AnnualReport;
import org.shuyu.controller.annual.AnnualReportState;
import org.shuyu.controller.annual.AnnualReportStore;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.support.TestDatabase;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The annual report store (V29) on PostgreSQL and on H2 in PostgreSQL mode: one report per organization and year, the
 * frozen figures read back with the same digest, the overdue query, evaluations and justifications.
 */
@Tag("R-27")
class JdbcAnnualReportStoreTest {
    private static final AtomicLong IDS = new AtomicLong();
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void postgresql() {
        check(TestDatabase.fresh("annual_store"), TestDatabase.user(), "postgresql");
    }

    @Test
    void h2() {
        check("jdbc:h2:mem:annual_store_" + IDS.incrementAndGet() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "h2");
    }

    private static void check(String url, String user, String vendor) {
        Flyway.configure().dataSource(url, user, "").locations("classpath:db/migration", "classpath:db/vendor/" + vendor).load()
                .migrate();
        JdbcAnnualReportStore store = new JdbcAnnualReportStore(JdbcClient.create(new DriverManagerDataSource(url, user, "")));
        Instant due = Instant.parse("2027-03-31T16:00:00Z");
        AnnualReport draft = new AnnualReport("ar-1", "org-1", Jurisdiction.MUNICIPAL, 2026, AnnualReportState.DRAFT,
                AnnualReport.Sections.EMPTY, due, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), T0, "applicant", T0);
        store.insert(draft);
        assertThat(store.find("ar-1")).contains(draft);
        assertThat(store.find("org-1", 2026)).contains(draft);
        assertThatThrownBy(() -> store.insert(new AnnualReport("ar-2", "org-1", Jurisdiction.MUNICIPAL, 2026,
                AnnualReportState.DRAFT, AnnualReport.Sections.EMPTY, due, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), T0, "applicant", T0)))
                .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ANNUAL_REPORT_EXISTS));

        List<AnnualReportState> open = List.of(AnnualReportState.DRAFT, AnnualReportState.RETURNED);
        assertThat(store.overdueUnflagged(open, due.minusSeconds(1))).isEmpty();
        assertThat(store.overdueUnflagged(open, due.plusSeconds(1))).extracting(AnnualReport::id).containsExactly("ar-1");

        AnnualFigures figures = new AnnualFigures(1, 2, 12, 120, 1, 1, 2, 13.25, List.of("g-1", "g-2"),
                T0.plusMillis(1234));
        AnnualReport submitted = draft.withSections(new AnnualReport.Sections("measures", "none", "plans"), T0)
                .flaggedOverdue(due.plusSeconds(5))
                .submitted(AnnualReportState.SUBMITTED, figures, T0.plusSeconds(60), "applicant");
        store.update(submitted);
        AnnualReport read = store.lock("ar-1").orElseThrow();
        assertThat(read).isEqualTo(submitted);
        assertThat(read.frozenFigures().orElseThrow().sha256()).isEqualTo(figures.sha256());
        assertThat(store.overdueUnflagged(open, due.plusSeconds(10))).isEmpty();

        AnnualReport returned = read.returnedWith(AnnualReportState.RETURNED,
                new AnnualReport.Returned("complete it", T0.plusSeconds(120), "admin"), due.plusSeconds(3600));
        store.update(returned);
        assertThat(store.find("ar-1")).contains(returned);

        AnnualEvaluation evaluation = new AnnualEvaluation("ar-1", "org-1", 2026, AnnualEvaluation.Grade.FAIL, "weak",
                "evaluation.pdf", "a".repeat(64), LocalDate.of(2027, 4, 10), "admin", T0.plusSeconds(300));
        store.insertEvaluation(evaluation);
        assertThat(store.evaluation("ar-1")).contains(evaluation);
        assertThat(store.evaluationsOf("org-1")).containsExactly(evaluation);
        assertThat(store.evaluationsOf("org-2")).isEmpty();

        store.putJustification(new AnnualReportStore.Justification("app-1", "first", "applicant", T0));
        store.putJustification(new AnnualReportStore.Justification("app-1", "second", "applicant", T0.plusSeconds(1)));
        assertThat(store.justification("app-1").orElseThrow().text()).isEqualTo("second");
        assertThat(store.justification("app-2")).isEmpty();
    }
}
