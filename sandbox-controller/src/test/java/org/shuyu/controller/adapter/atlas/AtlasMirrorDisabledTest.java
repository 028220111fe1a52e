package org.shuyu.controller.adapter.atlas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.PlatformTest;
import org.shuyu.lineage.LineageMirror;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The default: no Atlas. Exactly one mirror bean, the one that records nothing, and a status that says so. */
@PlatformTest
@Tag("R-24c")
class AtlasMirrorDisabledTest {
    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void theMirrorIsTheOneThatRecordsNothingAndNothingIsEnqueued() {
        assertThat(context.getBeansOfType(LineageMirror.class)).hasSize(1);
        LineageMirror mirror = context.getBean(LineageMirror.class);
        assertThat(mirror).isSameAs(LineageMirror.NONE);
        assertThat(context.getBeansOfType(AtlasDeliverer.class)).isEmpty();
        long before = jdbc.sql("SELECT count(*) FROM atlas_outbox").query(Long.class).single();
        transactions.executeWithoutResult(t -> {
            mirror.started(LineageSamples.process("job-off", 1), LineageSamples.start("job-off", 1));
            mirror.ended(LineageSamples.process("job-off", 1));
        });
        assertThat(jdbc.sql("SELECT count(*) FROM atlas_outbox").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void theStatusSaysDisabledToSupervisorsOnly() {
        Api api = new Api(port);
        Api.Response status = api.get("security", "/api/v1/lineage/mirror");
        assertThat(status.status()).as(status.toString()).isEqualTo(200);
        assertThat(status.json().path("enabled").asBoolean()).isFalse();
        assertThat(status.json().path("pending").asLong()).isZero();
        assertThat(status.json().path("failed").asLong()).isZero();
        assertThat(api.get("admin", "/api/v1/lineage/mirror").status()).isEqualTo(200);
        assertThat(api.get("engineer", "/api/v1/lineage/mirror").status()).isEqualTo(403);
    }
}
