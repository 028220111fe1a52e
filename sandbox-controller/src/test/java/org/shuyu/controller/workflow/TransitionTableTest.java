package org.shuyu.controller.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;

class TransitionTableTest {
    enum S { OPEN, DONE, CLOSED }

    enum E { EDIT, FINISH, CLOSE }

    record Doc(boolean signed) {}

    private static final Guard<Doc> SIGNED = Guard.of("signed", Doc::signed, ErrorCode.INVALID_FIELD, d -> "not signed");

    private static final TransitionTable<S, E, Doc> TABLE = TransitionTable.<S, E, Doc>builder("doc", S.class, E.class)
            .initial(S.OPEN)
            .on(S.OPEN, E.EDIT).stays().add()
            .on(S.OPEN, E.FINISH).to(S.DONE).when(SIGNED).audit("doc.finished").add()
            .on(S.DONE, E.CLOSE).to(S.CLOSED).add()
            .build();

    @Test
    void answersFromTheRows() {
        assertThat(TABLE.next(S.OPEN, E.FINISH)).isEqualTo(S.DONE);
        assertThat(TABLE.find(S.OPEN, E.FINISH).orElseThrow().auditAction()).contains("doc.finished");
        assertThat(TABLE.transitions(S.OPEN)).containsOnlyKeys(E.EDIT, E.FINISH);
        assertThat(TABLE.finalStates()).containsExactly(S.CLOSED);
        assertThat(TABLE.reachable()).containsExactlyInAnyOrder(S.values());
    }

    @Test
    void refusesAnEventTheStateDoesNotAllow() {
        assertThatThrownBy(() -> TABLE.next(S.CLOSED, E.EDIT)).isInstanceOfSatisfying(SandboxException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION);
            assertThat(e.getMessage()).isEqualTo("cannot edit in state CLOSED; this state is final");
        });
        assertThatThrownBy(() -> TABLE.next(S.DONE, E.EDIT)).hasMessage("cannot edit in state DONE; allowed here: [CLOSE]");
    }

    @Test
    void runsGuardsOnlyWhenApplying() {
        assertThatThrownBy(() -> TABLE.apply(S.OPEN, E.FINISH, new Doc(false)))
                .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD))
                .hasMessage("not signed");
        assertThat(TABLE.apply(S.OPEN, E.FINISH, new Doc(true)).to()).isEqualTo(S.DONE);
    }

    @Test
    void refusesDuplicateRowsAndRowsWithoutTarget() {
        assertThatThrownBy(() -> TransitionTable.<S, E, Doc>builder("dup", S.class, E.class).initial(S.OPEN)
                .on(S.OPEN, E.EDIT).stays().add().on(S.OPEN, E.EDIT).to(S.DONE).add())
                .hasMessageContaining("duplicate transition OPEN --EDIT");
        assertThatThrownBy(() -> TransitionTable.<S, E, Doc>builder("x", S.class, E.class).on(S.OPEN, E.EDIT).add())
                .hasMessageContaining("has no target");
        assertThatThrownBy(() -> TransitionTable.<S, E, Doc>builder("x", S.class, E.class).build())
                .hasMessageContaining("no initial state");
    }

    @Test
    void rendersMermaid() {
        assertThat(TABLE.mermaid()).isEqualTo("""
                stateDiagram-v2
                    [*] --> OPEN
                    OPEN --> DONE : FINISH [signed] / doc.finished
                    DONE --> CLOSED : CLOSE
                    CLOSED --> [*]
                    note right of OPEN : in place: EDIT
                """);
    }
}
