package org.shuyu.controller.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.shuyu.controller.error.ErrorCategory;
import org.shuyu.controller.error.SandboxException;

/**
 * Every workflow table, every state × event pair: an allowed pair leads to a state of the same table and needs no
 * other source of truth; a refused pair is refused with a conflict code that names the state; nothing is
 * unreachable; no non-final state is a trap. The diagrams in docs/workflows.md are generated from the tables:
 * {@code -Dgolden.update=true} rewrites the file, otherwise a difference fails the build.
 */
class WorkflowTablesTest {
    static final Path DOC = Path.of("../docs/workflows.md");

    @TestFactory
    Stream<DynamicTest> everyStateTimesEveryEventIsDecidedByTheTable() {
        return Workflows.all().stream().map(table -> DynamicTest.dynamicTest(table.name(), () -> checkPairs(table)));
    }

    private static <S extends Enum<S>, E extends Enum<E>, C> void checkPairs(TransitionTable<S, E, C> table) {
        int allowed = 0;
        for (S state : table.stateType().getEnumConstants()) {
            for (E event : table.eventType().getEnumConstants()) {
                Optional<Transition<S, E, C>> t = table.find(state, event);
                if (t.isPresent()) {
                    allowed++;
                    assertThat(t.get().from()).isEqualTo(state);
                    assertThat(t.get().event()).isEqualTo(event);
                    assertThat(table.next(state, event)).isEqualTo(t.get().to());
                    assertThat(table.transitions(state)).containsEntry(event, t.get().to());
                } else {
                    assertThat(table.transitions(state)).doesNotContainKey(event);
                    assertThatThrownBy(() -> table.next(state, event))
                            .as("%s: %s in %s", table.name(), event, state)
                            .isInstanceOfSatisfying(SandboxException.class, e -> {
                                assertThat(e.code().category()).isEqualTo(ErrorCategory.CONFLICT);
                                assertThat(e.getMessage()).isNotBlank();
                            });
                }
            }
        }
        assertThat(allowed).as("%s allows something", table.name()).isPositive();
    }

    @TestFactory
    Stream<DynamicTest> everyStateIsReachableAndNoneIsATrap() {
        return Workflows.all().stream().map(table -> DynamicTest.dynamicTest(table.name(), () -> checkGraph(table)));
    }

    private static <S extends Enum<S>, E extends Enum<E>, C> void checkGraph(TransitionTable<S, E, C> table) {
        assertThat(table.reachable()).as("%s: unreachable states", table.name())
                .containsExactlyInAnyOrder(table.stateType().getEnumConstants());
        for (S state : table.stateType().getEnumConstants()) {
            if (!table.finalStates().contains(state)) {
                assertThat(reachesFinal(table, state)).as("%s: %s cannot reach a final state", table.name(), state).isTrue();
            }
        }
    }

    private static <S extends Enum<S>, E extends Enum<E>, C> boolean reachesFinal(TransitionTable<S, E, C> table, S from) {
        Set<S> seen = new HashSet<>(List.of(from));
        Deque<S> todo = new ArrayDeque<>(List.of(from));
        while (!todo.isEmpty()) {
            S s = todo.pop();
            if (table.finalStates().contains(s)) {
                return true;
            }
            for (S next : table.transitions(s).values()) {
                if (seen.add(next)) {
                    todo.push(next);
                }
            }
        }
        return false;
    }

    @Test
    void docsShowTheDiagramsGeneratedFromTheTables() throws IOException {
        String expected = render();
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(DOC, expected, StandardCharsets.UTF_8);
        }
        if (!Files.exists(DOC)) {
            fail(DOC + " is missing: run this test with -Dgolden.update=true");
        }
        assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
                .as("docs/workflows.md drifted from the transition tables; regenerate with -Dgolden.update=true")
                .isEqualTo(expected);
    }

    static String render() {
        StringBuilder out = new StringBuilder("""
                # Workflows

                Generated from the transition tables by `WorkflowTablesTest` (`mvn -pl sandbox-controller test \
                -Dtest=WorkflowTablesTest -Dgolden.update=true` rewrites it; the build fails when it drifts).
                Each arrow is `EVENT [guards] / audit action`; a note lists the actions a state allows without moving.
                How to add a workflow: [ARCHITECTURE.md](ARCHITECTURE.md#adding-a-workflow).
                """);
        for (TransitionTable<?, ?, ?> table : Workflows.all()) {
            out.append("\n## ").append(table.name()).append("\n\n```mermaid\n").append(table.mermaid()).append("```\n");
        }
        return out.toString();
    }
}
