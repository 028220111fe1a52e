package org.shuyu.jobs.authz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.OneRowRelation;
import org.apache.spark.sql.execution.command.SetCommand;
import org.apache.spark.sql.execution.command.TruncateTableCommand;
import org.junit.jupiter.api.Test;
import scala.Option;

/**
 * The statement table alone (no Spark session): every row is complete, the lookup does not depend on the order of
 * the rows, and a node kind that is not in the table falls back fail closed. What each row derives is covered by
 * {@link EnforcementTest} and {@link ReadOptionsTest} on a real session.
 */
class StatementTableTest {

    @Test
    void everyRegisteredNodeKindHasAnExtractorAndAnOperation() {
        List<StatementTable.Rule<?>> rules = new ArrayList<>(StatementTable.rules());
        assertThat(rules).hasSizeGreaterThan(30);
        Set<Class<?>> kinds = new HashSet<>();
        for (StatementTable.Rule<?> rule : rules) {
            assertThat(rule.kind()).as("kind").isNotNull();
            assertThat(LogicalPlan.class).isAssignableFrom(rule.kind());
            assertThat(rule.operation()).as(rule.kind().getName()).isNotNull();
            assertThat(rule.extractor()).as(rule.kind().getName()).isNotNull();
            assertThat(kinds.add(rule.kind())).as("registered once: " + rule.kind().getName()).isTrue();
        }
    }

    @Test
    void noRegisteredKindExtendsAnotherSoTheOrderOfRowsDoesNotMatter() {
        for (StatementTable.Rule<?> a : StatementTable.rules()) {
            for (StatementTable.Rule<?> b : StatementTable.rules()) {
                if (a != b) {
                    assertThat(a.kind().isAssignableFrom(b.kind()))
                            .as(b.kind().getName() + " extends " + a.kind().getName()).isFalse();
                }
            }
        }
    }

    @Test
    void everyOperationButTheFallbacksHasARow() {
        Set<StatementOperation> used = EnumSet.noneOf(StatementOperation.class);
        StatementTable.rules().forEach(rule -> used.add(rule.operation()));
        for (StatementOperation operation : StatementOperation.values()) {
            boolean fallbackOnly = operation == StatementOperation.QUERY
                    || operation == StatementOperation.CATALOG_LOOKUP;
            assertThat(used.contains(operation)).as(operation.name()).isEqualTo(!fallbackOnly);
        }
    }

    @Test
    void aRegisteredNodeKindIsFoundByItsClass() {
        SetCommand set = new SetCommand(Option.empty());
        StatementTable.Rule<?> rule = StatementTable.ruleFor(set);
        assertThat(rule.kind()).isEqualTo(SetCommand.class);
        assertThat(rule.operation()).isEqualTo(StatementOperation.SESSION_CONFIG);
    }

    @Test
    void anUnregisteredCommandIsRefused() {
        TruncateTableCommand truncate = new TruncateTableCommand(TableIdentifier.apply("enterprises"), Option.empty());
        assertThat(truncate).isInstanceOf(Command.class);
        assertThat(StatementTable.rules()).noneMatch(rule -> rule.kind().isInstance(truncate));
        assertThat(StatementTable.ruleFor(truncate).operation()).isEqualTo(StatementOperation.REFUSED);
        assertThat(PrivilegeExtractor.commandName(truncate)).isEqualTo("TRUNCATE TABLE");
    }

    @Test
    void anUnregisteredPlanThatIsNotACommandIsWalkedAsAQuery() {
        OneRowRelation relation = new OneRowRelation();
        assertThat(StatementTable.ruleFor(relation).operation()).isEqualTo(StatementOperation.QUERY);
    }
}
