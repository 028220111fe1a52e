package org.shuyu.controller.adapter.atlas;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * An Atlas REST v2 server for tests, on the JDK's HttpServer: the parts of TypesREST and EntityREST the mirror uses,
 * checked as Atlas does (types and attributes defined on the type or its supertypes per {@link AtlasTypeSystem},
 * qualifiedName and required attributes present, references resolved: a temporary (negative) guid only to an entity
 * of the same request, uniqueAttributes only to an entity Atlas already has, else 404 like
 * AtlasErrorCode.REFERENCED_ENTITY_NOT_FOUND). Stricter than Atlas in one way: an attribute the type does not
 * define is refused (Atlas would drop it silently, and the copy would lose it).
 *
 * <p>{@link #failWith} makes it answer every request with a status (503: down for maintenance); {@link #stop} and
 * {@link #start} close and reopen its port (connection refused).
 */
public final class FakeAtlas implements AutoCloseable {
    /** A stored entity. */
    record Stored(String guid, String typeName, Map<String, Object> attributes, Map<String, Object> relationshipAttributes) {}

    /** A request that changed something, in the order they were applied. */
    public record Applied(String method, String path, String body) {}

    static {
        // The JDK server writes headers and body separately: without TCP_NODELAY every response waits for a delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final AtlasTypeSystem types = AtlasTypeSystem.withBaseModel();
    private final Map<String, Stored> entities = new ConcurrentHashMap<>();
    private final List<Applied> applied = new CopyOnWriteArrayList<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final AtomicLong guids = new AtomicLong(1000);
    private final AtomicLong calls = new AtomicLong();
    private volatile IntSupplier failure = () -> 0;
    private volatile String expectedAuthorization;
    private volatile HttpServer server;
    private int port;

    public FakeAtlas() {
        start();
    }

    synchronized void start() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
            s.setExecutor(Executors.newFixedThreadPool(4));
            s.createContext("/", this::handle);
            s.start();
            port = s.getAddress().getPort();
            server = s;
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + port, e);
        }
    }

    synchronized void stop() {
        if (server != null) {
            server.stop(0);
            ((ExecutorService) server.getExecutor()).shutdownNow();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Every request is answered with this status instead (0: handled normally). */
    void failWith(IntSupplier status) {
        this.failure = status;
    }

    public void requireAuthorization(String value) {
        this.expectedAuthorization = value;
    }

    public List<Applied> applied() {
        return List.copyOf(applied);
    }

    List<String> refusals() {
        return List.copyOf(refusals);
    }

    long calls() {
        return calls.get();
    }

    AtlasTypeSystem types() {
        return types;
    }

    Optional<Stored> entity(String typeName, String qualifiedName) {
        return Optional.ofNullable(entities.get(key(typeName, qualifiedName)));
    }

    Collection<Stored> entities() {
        return entities.values();
    }

    long count(String typeName) {
        return entities.values().stream().filter(e -> e.typeName().equals(typeName)).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        calls.incrementAndGet();
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int fail = failure.getAsInt();
            if (fail != 0) {
                respond(exchange, fail, "{\"errorCode\":\"ATLAS-503-00-001\",\"errorMessage\":\"Atlas is not available\"}");
                return;
            }
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (expectedAuthorization != null && !expectedAuthorization.equals(auth)) {
                respond(exchange, 401, "{\"errorMessage\":\"unauthorized\"}");
                return;
            }
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String query = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
            Response response;
            synchronized (this) {
                response = route(method, path, query, body);
                if (response.status() / 100 == 2 && !method.equals("GET")) {
                    applied.add(new Applied(method, path + (query.isEmpty() ? "" : "?" + query), body));
                }
                if (response.status() >= 400) {
                    refusals.add(method + " " + path + " -> " + response.status() + " " + response.body());
                }
            }
            respond(exchange, response.status(), response.body());
        }
    }

    record Response(int status, String body) {}

    private Response route(String method, String path, String query, String body) {
        String api = "/api/atlas/v2";
        if (method.equals("GET") && path.equals(api + "/types/typedefs/headers")) {
            return ok(types.headers());
        }
        if (method.equals("POST") && path.equals(api + "/types/typedefs")) {
            Map<String, Object> typesDef = AtlasTypeSystem.parse(body);
            List<String> problems = types.add(typesDef);
            if (problems.stream().anyMatch(p -> p.startsWith("exists: "))) {
                return error(409, "ATLAS-409-00-001", "Given type " + problems + " already exists");
            }
            return problems.isEmpty() ? ok(typesDef) : error(400, "ATLAS-400-00-01A", String.join("; ", problems));
        }
        if (method.equals("POST") && (path.equals(api + "/entity/bulk") || path.equals(api + "/entity"))) {
            Map<String, Object> request = AtlasTypeSystem.parse(body);
            List<Map<String, Object>> list = path.endsWith("/bulk") ? AtlasTypeSystem.list(request, "entities")
                    : List.of(AtlasTypeSystem.map(request, "entity"));
            return createOrUpdate(list);
        }
        String unique = api + "/entity/uniqueAttribute/type/";
        if (path.startsWith(unique)) {
            String typeName = path.substring(unique.length());
            String qualifiedName = parameter(query, "attr:qualifiedName");
            if (!types.entities.containsKey(typeName)) {
                return error(404, "ATLAS-404-00-001", "Given typename " + typeName + " was invalid");
            }
            Stored stored = qualifiedName == null ? null : entities.get(key(typeName, qualifiedName));
            if (stored == null) {
                return error(404, "ATLAS-404-00-009", "Instance " + typeName + " with unique attribute {qualifiedName:" + qualifiedName
                        + "} does not exist");
            }
            if (method.equals("GET")) {
                return ok(Map.of("entity", json(stored), "referredEntities", Map.of()));
            }
            if (method.equals("PUT")) {
                return partialUpdate(stored, AtlasTypeSystem.map(AtlasTypeSystem.parse(body), "entity"));
            }
        }
        return error(404, "ATLAS-404-00-000", "no such resource: " + method + " " + path);
    }

    /** EntityREST.createOrUpdate (bulk): validates the whole request before it changes anything, as Atlas does. */
    private Response createOrUpdate(List<Map<String, Object>> list) {
        Map<String, Map<String, Object>> byGuid = new HashMap<>();
        for (Map<String, Object> entity : list) {
            String typeName = String.valueOf(entity.get("typeName"));
            if (!types.entities.containsKey(typeName)) {
                return error(404, "ATLAS-404-00-001", "Given typename " + typeName + " was invalid");
            }
            Object guid = entity.get("guid");
            if (guid != null) {
                if (!(guid instanceof String g) || byGuid.put(g, entity) != null) {
                    return error(400, "ATLAS-400-00-01D", "invalid or repeated guid " + guid);
                }
            }
        }
        for (Map<String, Object> entity : list) {
            String typeName = String.valueOf(entity.get("typeName"));
            Object qualifiedName = AtlasTypeSystem.map(entity, "attributes").get("qualifiedName");
            if (!(qualifiedName instanceof String q) || q.isEmpty()) {
                return error(400, "ATLAS-400-00-08D", typeName + ": mandatory attribute qualifiedName missing");
            }
            Optional<Response> invalid = validate(entity, byGuid, true);
            if (invalid.isPresent()) {
                return invalid.get();
            }
        }
        Map<String, List<Map<String, Object>>> mutated = new LinkedHashMap<>();
        Map<String, String> assignments = new LinkedHashMap<>();
        for (Map<String, Object> entity : list) {
            String typeName = String.valueOf(entity.get("typeName"));
            Map<String, Object> attributes = AtlasTypeSystem.map(entity, "attributes");
            String qualifiedName = String.valueOf(attributes.get("qualifiedName"));
            Stored old = entities.get(key(typeName, qualifiedName));
            Stored stored = merge(old, typeName, attributes, AtlasTypeSystem.map(entity, "relationshipAttributes"));
            entities.put(key(typeName, qualifiedName), stored);
            if (entity.get("guid") != null) {
                assignments.put(String.valueOf(entity.get("guid")), stored.guid());
            }
            mutated.computeIfAbsent(old == null ? "CREATE" : "UPDATE", k -> new ArrayList<>())
                    .add(Map.of("typeName", typeName, "guid", stored.guid(), "attributes", Map.of("qualifiedName", qualifiedName)));
        }
        return ok(Map.of("mutatedEntities", mutated, "guidAssignments", assignments));
    }

    /** EntityREST.partialUpdateEntityByUniqueAttrs: only the given attributes, each defined and well typed. */
    private Response partialUpdate(Stored stored, Map<String, Object> entity) {
        if (entity.isEmpty() || !stored.typeName().equals(entity.get("typeName"))) {
            return error(400, "ATLAS-400-00-01A", "entity of type " + stored.typeName() + " expected");
        }
        Optional<Response> invalid = validate(entity, Map.of(), false);
        if (invalid.isPresent()) {
            return invalid.get();
        }
        Stored updated = merge(stored, stored.typeName(), AtlasTypeSystem.map(entity, "attributes"),
                AtlasTypeSystem.map(entity, "relationshipAttributes"));
        entities.put(key(stored.typeName(), String.valueOf(stored.attributes().get("qualifiedName"))), updated);
        return ok(Map.of("mutatedEntities", Map.of("PARTIAL_UPDATE", List.of(Map.of("typeName", stored.typeName(), "guid", stored.guid())))));
    }

    private Optional<Response> validate(Map<String, Object> entity, Map<String, Map<String, Object>> byGuid, boolean full) {
        String typeName = String.valueOf(entity.get("typeName"));
        Map<String, AtlasTypeSystem.Attribute> defined = types.attributes(typeName);
        Map<String, Object> attributes = AtlasTypeSystem.map(entity, "attributes");
        Map<String, Object> relationshipAttributes = AtlasTypeSystem.map(entity, "relationshipAttributes");
        for (Map.Entry<String, Object> attribute : attributes.entrySet()) {
            AtlasTypeSystem.Attribute definition = defined.get(attribute.getKey());
            if (definition == null || (definition.relationship() && !definition.legacy())) {
                return Optional.of(error(400, "ATLAS-400-00-06D", typeName + ": attribute " + attribute.getKey() + " is not defined"));
            }
            Optional<String> wrong = checkValue(definition.typeName(), attribute.getValue(), byGuid);
            if (wrong.isPresent()) {
                return Optional.of(error(wrong.get().startsWith("404") ? 404 : 400, "ATLAS-400-00-08A",
                        typeName + "." + attribute.getKey() + ": " + wrong.get()));
            }
        }
        for (Map.Entry<String, Object> attribute : relationshipAttributes.entrySet()) {
            AtlasTypeSystem.Attribute definition = defined.get(attribute.getKey());
            if (definition == null || !definition.relationship()) {
                return Optional.of(error(400, "ATLAS-400-00-06D", typeName + ": relationship attribute " + attribute.getKey()
                        + " is not defined"));
            }
            Optional<String> wrong = checkValue(definition.typeName(), attribute.getValue(), byGuid);
            if (wrong.isPresent()) {
                return Optional.of(error(wrong.get().startsWith("404") ? 404 : 400, "ATLAS-400-00-08A",
                        typeName + "." + attribute.getKey() + ": " + wrong.get()));
            }
        }
        if (full) {
            String qualifiedName = String.valueOf(attributes.get("qualifiedName"));
            Stored existing = entities.get(key(typeName, qualifiedName));
            for (AtlasTypeSystem.Attribute definition : defined.values()) {
                boolean given = attributes.get(definition.name()) != null || relationshipAttributes.get(definition.name()) != null
                        || (existing != null && definition.relationship() && existing.relationshipAttributes().get(definition.name()) != null);
                if (!definition.optional() && !given) {
                    return Optional.of(error(400, "ATLAS-400-00-08D", typeName + ": mandatory attribute " + definition.name() + " missing"));
                }
            }
        }
        return Optional.empty();
    }

    /** Why {@code value} is not a value of {@code typeName} ("404 ..." for a reference that does not resolve). */
    private Optional<String> checkValue(String typeName, Object value, Map<String, Map<String, Object>> byGuid) {
        if (value == null) {
            return Optional.empty();
        }
        if (typeName.startsWith("array<")) {
            if (!(value instanceof List<?> items)) {
                return Optional.of("an array expected");
            }
            for (Object item : items) {
                Optional<String> wrong = checkValue(typeName.substring(6, typeName.length() - 1), item, byGuid);
                if (wrong.isPresent()) {
                    return wrong;
                }
            }
            return Optional.empty();
        }
        if (typeName.startsWith("map<")) {
            return value instanceof Map<?, ?> m && m.values().stream().allMatch(v -> v instanceof String) ? Optional.empty()
                    : Optional.of("a map of strings expected");
        }
        boolean ok = switch (typeName) {
            case "string" -> value instanceof String;
            case "int", "long", "short", "byte" -> value instanceof Integer || value instanceof Long;
            case "float", "double" -> value instanceof Number;
            case "boolean" -> value instanceof Boolean;
            case "date" -> value instanceof Long || value instanceof Integer || value instanceof String;
            default -> true;
        };
        if (!ok) {
            return Optional.of("not a " + typeName + ": " + value);
        }
        if (types.entities.containsKey(typeName)) {
            return reference(typeName, value, byGuid);
        }
        return Optional.empty();
    }

    /** AtlasObjectId: by guid (a temporary one only within the request) or by uniqueAttributes of a stored entity. */
    private Optional<String> reference(String expected, Object value, Map<String, Map<String, Object>> byGuid) {
        if (!(value instanceof Map<?, ?> raw)) {
            return Optional.of("an object id expected");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> id = (Map<String, Object>) raw;
        String typeName = String.valueOf(id.get("typeName"));
        if (!types.isA(typeName, expected)) {
            return Optional.of("a " + expected + " expected, got " + typeName);
        }
        Object guid = id.get("guid");
        if (guid instanceof String g && g.startsWith("-")) {
            Map<String, Object> target = byGuid.get(g);
            return target != null && typeName.equals(target.get("typeName")) ? Optional.empty()
                    : Optional.of("404 REFERENCED_ENTITY_NOT_FOUND guid " + g);
        }
        if (guid instanceof String g) {
            return entities.values().stream().anyMatch(e -> e.guid().equals(g)) ? Optional.empty()
                    : Optional.of("404 REFERENCED_ENTITY_NOT_FOUND guid " + g);
        }
        Object qualifiedName = AtlasTypeSystem.map(id, "uniqueAttributes").get("qualifiedName");
        if (qualifiedName == null) {
            return Optional.of("INVALID_OBJECT_ID " + id);
        }
        return entities.containsKey(key(typeName, String.valueOf(qualifiedName))) ? Optional.empty()
                : Optional.of("404 REFERENCED_ENTITY_NOT_FOUND " + typeName + " " + qualifiedName);
    }

    private Stored merge(Stored old, String typeName, Map<String, Object> attributes, Map<String, Object> relationshipAttributes) {
        Map<String, Object> a = new LinkedHashMap<>(old == null ? Map.of() : old.attributes());
        a.putAll(attributes);
        Map<String, Object> r = new LinkedHashMap<>(old == null ? Map.of() : old.relationshipAttributes());
        r.putAll(relationshipAttributes);
        return new Stored(old == null ? "guid-" + guids.incrementAndGet() : old.guid(), typeName, a, r);
    }

    private static Map<String, Object> json(Stored stored) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("typeName", stored.typeName());
        json.put("guid", stored.guid());
        json.put("status", "ACTIVE");
        json.put("attributes", stored.attributes());
        json.put("relationshipAttributes", stored.relationshipAttributes());
        return json;
    }

    private static String parameter(String query, String name) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String key(String typeName, String qualifiedName) {
        return typeName + " " + qualifiedName;
    }

    private static Response ok(Object body) {
        return new Response(200, AtlasTypeSystem.JSON.writeValueAsString(body));
    }

    private static Response error(int status, String code, String message) {
        return new Response(status, AtlasTypeSystem.JSON.writeValueAsString(Map.of("errorCode", code, "errorMessage", message)));
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
