package org.shuyu.jobs.authz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.shuyu.jobs.testing.EnforcedSession;
import org.shuyu.jobs.testing.TestWorkspace;

class SmokeTest {
    @Test
    void smoke() throws Exception {
        try (TestWorkspace ws = new TestWorkspace();
             EnforcedSession s = new EnforcedSession(ws, ws.server().url(), spark -> { })) {
            for (String q : List.of("SELECT * FROM registry.enterprises", "SELECT * FROM social.contributions",
                    "SELECT e.uscc, count(*) FROM registry.enterprises e JOIN social.contributions c ON e.uscc = c.employer_uscc GROUP BY e.uscc")) {
                System.out.println("== " + q);
                var an = s.spark().sessionState().analyzer().execute(s.spark().sessionState().sqlParser().parsePlan(q));
                System.out.println("ANALYZED-NOCHECK\n" + an.treeString());
                an.foreach(n -> { System.out.println("  " + n.getClass().getSimpleName() + " tag=" + n.getTagValue(SecureRelationsRule.SECURED)); return scala.runtime.BoxedUnit.UNIT; });
                var df = s.spark().sql(q);
                System.out.println(df.queryExecution().analyzed().treeString());
                System.out.println(df.queryExecution().optimizedPlan().treeString());
                for (Row r : df.collectAsList()) System.out.println(r);
            }
            for (String q : List.of("SELECT * FROM census.people", "SET spark.sql.extensions=x", "CREATE TABLE t AS SELECT uscc, legal_representative FROM registry.enterprises", "SELECT * FROM t")) {
                try { var df = s.spark().sql(q); for (Row r : df.collectAsList()) System.out.println(r); } catch (Exception e) { System.out.println("EXC " + e); }
            }
            assertThat(true).isTrue();
        }
    }
}
