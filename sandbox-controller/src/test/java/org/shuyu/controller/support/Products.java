package org.shuyu.controller.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shuyu.controller.support.LifecycleFixture.ok;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Product candidates through the API, and waiting for their snapshot and checks, for tests that run the airlock. */
public final class Products {
    private static final Duration CHECKED = Duration.ofMinutes(3);

    private Products() {}

    /** A candidate body; {@code groupSizeColumn} is left out when null. */
    public static Map<String, Object> candidate(String grant, String name, String kind, String table, String groupSizeColumn) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("grantId", grant);
        body.put("name", name);
        body.put("kind", kind);
        body.put("description", "test product " + name);
        body.put("table", table);
        if (groupSizeColumn != null) {
            body.put("groupSizeColumn", groupSizeColumn);
        }
        return body;
    }

    /** Creates a candidate as the engineer (201, DRAFT) and returns its id. */
    public static String create(Api api, String grant, String name, String kind, String table, String groupSizeColumn) {
        Api.Response created = api.post("engineer", "/api/v1/products", candidate(grant, name, kind, table, groupSizeColumn));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("state").asString()).isEqualTo("DRAFT");
        return created.json().path("id").asString();
    }

    /** Submits as the engineer (202) and waits until the snapshot and the checks are done; returns the product. */
    public static JsonNode submitAndAwait(Api api, String id) {
        Api.Response submitted = api.post("engineer", "/api/v1/products/" + id + "/submit", null);
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(202);
        long deadline = System.nanoTime() + CHECKED.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode p = ok(api.get("engineer", "/api/v1/products/" + id)).json();
            String state = p.path("state").asString();
            if (!state.equals("SUBMITTED") && !state.equals("CHECKING")) {
                return p;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("product " + id + " was not checked within " + CHECKED);
    }

    /** Two independent experts approve a product in review. */
    public static void approve(Api api, String id) {
        ok(api.post("expert", "/api/v1/products/" + id + "/reviews", Map.of("decision", "APPROVE", "comment", "ok")));
        ok(api.post("expert2", "/api/v1/products/" + id + "/reviews", Map.of("decision", "APPROVE", "comment", "ok")));
    }
}
