package org.shuyu.jobs.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.shuyu.policy.PolicyCompiler;
import org.shuyu.policy.PolicyState;
import org.shuyu.policy.ServicePolicySet;

/**
 * A tiny policy server speaking Ranger's plugin download protocol, as the controller does: serves the policies
 * {@link PolicyCompiler} compiles, versions increase by one whenever a service's fingerprint changes, 304 when the
 * plugin already has the version, 401 without the runtime token, 404 for an unknown service. It also serves the
 * controller's lineage endpoint ({@link LineageEndpoint}), since the runtime reports to the same base URL.
 */
public final class PolicyServer implements AutoCloseable {
    private record Served(long version, String fingerprint, String json, Instant updated) {
    }

    private final String token;
    private final HttpServer server;
    private final Map<String, Served> services = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final LineageEndpoint lineage;
    private volatile boolean failing;
    private volatile boolean refuseTickets;
    private final Map<String, String> outcomes = new ConcurrentHashMap<>();
    private final java.util.List<String> registrations = new java.util.concurrent.CopyOnWriteArrayList<>();

    public PolicyServer(String token) throws IOException {
        this.token = token;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/service/plugins/policies/download/", this::download);
        lineage = new LineageEndpoint(token);
        server.createContext("/service/lineage/jobs/", lineage::handle);
        server.createContext("/service/statements/", this::outcome);
        server.createContext("/service/engines/", this::ticket);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "test-policy-server");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Compiles {@code state} and publishes every workspace's policies (a new version where they changed). */
    public synchronized void publish(PolicyState state) {
        for (ServicePolicySet set : new PolicyCompiler().compile(state).values()) {
            Served old = services.get(set.serviceName());
            if (old != null && old.fingerprint().equals(set.fingerprint())) {
                continue;
            }
            long version = old == null ? 1 : old.version() + 1;
            Instant now = Instant.now();
            services.put(set.serviceName(), new Served(version, set.fingerprint(), set.toJson(version, now), now));
        }
    }

    /** The controller's lineage endpoint (stores every event, answers 200 unless told otherwise). */
    public LineageEndpoint lineage() {
        return lineage;
    }

    public long version(String serviceName) {
        Served served = services.get(serviceName);
        return served == null ? -1 : served.version();
    }

    /** Statement outcomes the engine delivered ({@code /service/statements/{id}/outcome}), body by statement id. */
    public Map<String, String> outcomes() {
        return Map.copyOf(outcomes);
    }

    /** Connect registrations the engine made ({@code /service/engines/{id}/statements}), bodies in order. */
    public java.util.List<String> registrations() {
        return java.util.List.copyOf(registrations);
    }

    /** While refusing tickets, every registration answers 503. */
    public void refuseTickets(boolean refuse) {
        this.refuseTickets = refuse;
    }

    private void outcome(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, "");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String[] parts = path.split("/");
            if (parts.length != 5 || !parts[4].equals("outcome")) {
                send(exchange, 404, "");
                return;
            }
            outcomes.put(parts[3], new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            send(exchange, 204, "");
        }
    }

    private void ticket(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, "");
                return;
            }
            if (refuseTickets) {
                send(exchange, 503, "");
                return;
            }
            registrations.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            send(exchange, 200, "{\"statementId\":\"connect-" + registrations.size() + "\",\"token\":\""
                    + token + "\"}");
        }
    }

    /** While failing, every download answers 503. */
    public void failing(boolean failing) {
        this.failing = failing;
    }

    public int requests() {
        return requests.get();
    }

    private void download(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            if (failing) {
                send(exchange, 503, "");
                return;
            }
            if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, "");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String service = path.substring(path.lastIndexOf('/') + 1);
            Served served = services.get(service);
            if (served == null) {
                send(exchange, 404, "");
                return;
            }
            long lastKnown = -1;
            String query = exchange.getRequestURI().getQuery();
            for (String part : query == null ? new String[0] : query.split("&")) {
                if (part.startsWith("lastKnownVersion=")) {
                    lastKnown = Long.parseLong(part.substring("lastKnownVersion=".length()));
                }
            }
            if (lastKnown == served.version()) {
                send(exchange, 304, "");
            } else {
                send(exchange, 200, served.json());
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, status == 304 || bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0 && status != 304) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
