package org.shuyu.controller.exchange;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.identity.Permissions;
import org.shuyu.controller.notification.Todo;
import org.shuyu.controller.notification.TodoSource;
import org.springframework.stereotype.Component;

/**
 * What waits in the exchange loop: for the data authority of the grant's jurisdiction, a RECOMMENDED recommendation to
 * export (or decline) and a SUBMITTED one whose exchange answer is to be recorded. Nothing waits for anyone else.
 */
@Component
public class ExchangeTodos implements TodoSource {
    private final ExchangeStore store;

    public ExchangeTodos(ExchangeStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    @Override
    public List<Todo> pending(Actor actor) {
        List<Todo> out = new ArrayList<>();
        for (ExchangeRecommendation r : store.inState(ExchangeState.RECOMMENDED)) {
            if (Permissions.answersForExchange(actor, new Jurisdiction(r.jurisdiction()))) {
                out.add(Todo.of("exchange.recommended", "export", "exchange-recommendation", r.id(), "Export product "
                        + r.productId() + " to " + r.exchange() + ", or decline",
                        "/api/v1/exchange-recommendations/" + r.id() + "/submit"));
            }
        }
        for (ExchangeRecommendation r : store.inState(ExchangeState.SUBMITTED)) {
            if (Permissions.answersForExchange(actor, new Jurisdiction(r.jurisdiction()))) {
                out.add(Todo.of("exchange.submitted", "record-answer", "exchange-recommendation", r.id(), "Record the"
                        + " answer of " + r.exchange() + " for product " + r.productId(),
                        "/api/v1/exchange-recommendations/" + r.id() + "/registration"));
            }
        }
        return out;
    }
}
