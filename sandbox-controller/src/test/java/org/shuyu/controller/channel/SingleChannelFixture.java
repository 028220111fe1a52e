package org.shuyu.controller.channel;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.audit.Sha256;
import org.shuyu.controller.demo.DemoData;
import org.shuyu.controller.job.Job;
import org.shuyu.controller.job.JobState;
import org.shuyu.controller.job.JobStore;
import org.shuyu.controller.support.LifecycleFixture;
import org.shuyu.controller.job.WorkspaceReconciler;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The grants the single-channel tests try to get around: an ACTIVE grant the caller is no member of, a
 * SUSPENDED and a TERMINATED grant the caller was a member of, each with a job (and its runtime credential, minted
 * while the grant was active) and a product candidate, all made without Spark. {@link #leaks} tells whether a text
 * holds any value of the demo's source data.
 */
final class SingleChannelFixture {
    /** One grant and what was made in it while it was active. */
    record Made(String grant, String job, String runtimeCredential, String product) {}

    private static final List<String> SENTINELS = new ArrayList<>();

    static {
        for (int i = 0; i < DemoData.ENTERPRISES; i++) {
            SENTINELS.add(DemoData.uscc(i));
        }
        for (int i = 0; i < DemoData.PERSONS; i++) {
            SENTINELS.add(DemoData.idNumber(i));
        }
    }

    private SingleChannelFixture() {}

    /** An active grant of registry.enterprises with the engineer as member, a running job and a candidate in it. */
    static Made grant(LifecycleFixture fx, JdbcClient jdbc, JobStore jobs, WorkspaceReconciler reconciler, String scenario) {
        String grant = fx.activeGrant(scenario + " " + fx.unique("s"), List.of("registry.enterprises"));
        reconciler.runOnce();
        String token = "runtime-" + fx.unique("t") + "-" + System.nanoTime();
        String jobId = fx.unique("job");
        jobs.insert(new Job(jobId, grant, Job.Kind.JOB, "r08-job", List.of("CREATE TABLE by_industry AS SELECT industry,"
                + " count(*) AS n FROM registry.enterprises GROUP BY industry"), "engineer", Instant.now(), JobState.RUNNING,
                Optional.of(Instant.now()), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty()), Sha256.hex(token));
        String organization = jdbc.sql("SELECT organization_id FROM grants WHERE id = ?").param(grant).query(String.class)
                .single();
        String product = fx.unique("prod");
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("INSERT INTO products (id, grant_id, organization_id, name, version, kind, description, scenario,"
                        + " source_table, state, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, 1, 'DATA_PACKAGE',"
                        + " 'r08 candidate', ?, 'by_industry', 'IN_REVIEW', 'engineer', ?, ?)")
                .params(product, grant, organization, "r08-" + product, scenario, now, now).update();
        return new Made(grant, jobId, token, product);
    }

    /** The first source value the text holds, if any. */
    static Optional<String> leaks(String text) {
        return SENTINELS.stream().filter(text::contains).findFirst();
    }
}
