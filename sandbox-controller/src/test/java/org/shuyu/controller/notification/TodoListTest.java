package org.shuyu.controller.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.identity.Role;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** The to-do list merges every source's items, overdue first then by due date, and fails whole when a source fails. */
class TodoListTest {
    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private static final Actor EXPERT = new Actor("expert", "Prof. Huang", Set.of(Role.EXPERT), Optional.of(Jurisdiction.MUNICIPAL));

    private static TodoList list(TodoSource... sources) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        for (int i = 0; i < sources.length; i++) {
            beans.addBean("source" + i, sources[i]);
        }
        return new TodoList(beans.getBeanProvider(TodoSource.class));
    }

    private static Todo due(String id, String at) {
        return Todo.due("product.review", "review", "product", id, "Product " + id + " waits for review",
                "/api/v1/products/" + id, Instant.parse(at), NOW);
    }

    @Test
    void itemsOfEverySourceAreMergedOverdueFirstThenByDueDateThenUndated() {
        TodoSource products = actor -> List.of(due("P-3", "2026-12-20T00:00:00Z"), due("P-1", "2026-12-01T00:00:00Z"),
                Todo.of("product.review", "review", "product", "P-5", "Product P-5 waits", "/api/v1/products/P-5"));
        TodoSource quality = actor -> List.of(
                Todo.due("quality.due", "answer", "quality-request", "Q-2", "Quality request Q-2 is due",
                        "/api/v1/quality-requests/Q-2", Instant.parse("2026-11-30T00:00:00Z"), NOW),
                Todo.due("quality.due", "answer", "quality-request", "Q-4", "Quality request Q-4 is due",
                        "/api/v1/quality-requests/Q-4", Instant.parse("2026-12-10T00:00:00Z"), NOW));
        TodoSource nothing = actor -> List.of();

        List<Todo> todos = list(products, nothing, quality).of(EXPERT);

        assertThat(todos).extracting(Todo::subjectId).containsExactly("Q-2", "P-1", "Q-4", "P-3", "P-5");
        assertThat(todos).extracting(Todo::overdue).containsExactly(true, true, false, false, false);
    }

    @Test
    void withoutSourcesTheListIsEmpty() {
        assertThat(list().of(EXPERT)).isEmpty();
    }

    @Test
    void aFailingSourceFailsTheListAndIsNamedWithoutItsMessage() {
        TodoSource fine = actor -> List.of(due("P-1", "2026-12-20T00:00:00Z"));
        TodoSource broken = new BrokenSource();

        assertThatThrownBy(() -> list(fine, broken).of(EXPERT))
                .isInstanceOfSatisfying(SandboxException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TODO_SOURCE_FAILED);
                    assertThat(e.getMessage()).contains("BrokenSource").doesNotContain("secret cell value");
                });
    }

    static final class BrokenSource implements TodoSource {
        @Override
        public List<Todo> pending(Actor actor) {
            throw new IllegalStateException("secret cell value");
        }
    }
}
