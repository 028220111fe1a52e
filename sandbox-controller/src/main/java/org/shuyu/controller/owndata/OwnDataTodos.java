package org.shuyu.controller.owndata;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Permissions;
import org.shuyu.controller.notification.Todo;
import org.shuyu.controller.notification.TodoSource;
import org.springframework.stereotype.Component;

/** What waits in the own-data airlock: imports in review, for the data authority of each grant's jurisdiction. */
@Component
class OwnDataTodos implements TodoSource {
    private final OwnDataImports imports;

    OwnDataTodos(OwnDataImports imports) {
        this.imports = requireNonNull(imports, "imports is null");
    }

    @Override
    public List<Todo> pending(Actor actor) {
        return imports.inReview().stream().filter(i -> Permissions.decidesOwnDataImport(actor, i.jurisdiction()))
                .map(i -> Todo.of("owndata.review", "review", "own-data-import", i.id(), "own-data import of table "
                        + i.tableName() + " (grant " + i.grantId() + ", grade " + i.grade() + ") waits for review",
                        "/api/v1/own-data-imports/" + i.id()))
                .toList();
    }
}
