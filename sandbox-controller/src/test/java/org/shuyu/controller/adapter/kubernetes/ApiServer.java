package org.shuyu.controller.adapter.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's Kubernetes mock server in CRUD mode, with three things a real API server does that the CRUD dispatcher
 * does not: server-side apply ({@code PATCH} with {@code application/apply-patch+yaml}: create when missing, else
 * replace; the CRUD dispatcher answers 415), cascading deletion of a namespace's objects, and pod logs (set by the
 * test). Every request is recorded as the RBAC (apiGroup, resource, verb) it needs.
 */
final class ApiServer implements AutoCloseable {
    /** One API call as RBAC sees it. */
    record Call(String method, String path, String apiGroup, String resource, String verb) {
        String rule() {
            return (apiGroup.isEmpty() ? "core" : apiGroup) + "/" + resource + ":" + verb;
        }
    }

    private static final Pattern CORE = Pattern.compile("^/api/v1(/namespaces/([^/]+))?/([^/]+)(/([^/]+))?(/([^/]+))?$");
    private static final Pattern GROUP = Pattern.compile("^/apis/([^/]+)/([^/]+)(/namespaces/([^/]+))?/([^/]+)(/([^/]+))?(/([^/]+))?$");

    private final Dispatcher dispatcher = new Dispatcher();
    private final KubernetesMockServer server;
    private final NamespacedKubernetesClient client;
    private final NamespacedKubernetesClient testClient;
    /** User agent of the test's own client, whose calls are not recorded (the test plays kubelet and admin). */
    private static final String TEST_AGENT = "shuyu-test-kubelet";

    ApiServer() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
        // No client-side retries: a failed call fails the reconcile at once (the production client retries 503s).
        NamespacedKubernetesClient base = server.createClient();
        Config config = new ConfigBuilder(base.getConfiguration()).withRequestRetryBackoffLimit(0).build();
        base.close();
        client = new KubernetesClientBuilder().withConfig(config).build().adapt(NamespacedKubernetesClient.class);
        testClient = new KubernetesClientBuilder().withConfig(new ConfigBuilder(config).withUserAgent(TEST_AGENT).build()).build()
                .adapt(NamespacedKubernetesClient.class);
    }

    NamespacedKubernetesClient client() {
        return client;
    }

    /** A client whose calls are not recorded: for what the test does in place of kubelet, users and admins. */
    NamespacedKubernetesClient testClient() {
        return testClient;
    }

    List<Call> calls() {
        return List.copyOf(dispatcher.calls);
    }

    void clearCalls() {
        dispatcher.calls.clear();
    }

    /** Serves {@code text} as the log of the pod. */
    void podLog(String namespace, String pod, String text) {
        dispatcher.logs.put(namespace + "/" + pod, text);
    }

    /** Makes every request fail with 503 while on (an API server outage). */
    void failing(boolean on) {
        dispatcher.failing = on;
    }

    /** Fails the n-th request from now on with 503 (a crash halfway through a reconcile), then answers again. */
    void failAfter(int requests) {
        dispatcher.failAt = dispatcher.count.get() + requests;
    }

    @Override
    public void close() {
        client.close();
        testClient.close();
        server.destroy();
    }

    static Call call(String method, String rawPath) {
        String path = rawPath.contains("?") ? rawPath.substring(0, rawPath.indexOf('?')) : rawPath;
        String query = rawPath.contains("?") ? rawPath.substring(rawPath.indexOf('?') + 1) : "";
        String group;
        String resource;
        String name;
        String sub;
        Matcher core = CORE.matcher(path);
        Matcher grouped = GROUP.matcher(path);
        if (core.matches()) {
            group = "";
            resource = core.group(3);
            name = core.group(5);
            sub = core.group(7);
        } else if (grouped.matches()) {
            group = grouped.group(1);
            resource = grouped.group(5);
            name = grouped.group(7);
            sub = grouped.group(9);
        } else {
            return new Call(method, rawPath, "?", path, "?");
        }
        String verb = switch (method) {
            case "GET" -> query.contains("watch=true") ? "watch" : name == null ? "list" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name == null ? "deletecollection" : "delete";
            default -> "?";
        };
        return new Call(method, rawPath, group, sub == null ? resource : resource + "/" + sub, verb);
    }

    private static final class Dispatcher extends KubernetesCrudDispatcher {
        final List<Call> calls = new CopyOnWriteArrayList<>();
        final Map<String, String> logs = new ConcurrentHashMap<>();
        volatile boolean failing;
        volatile long failAt = -1;
        final java.util.concurrent.atomic.AtomicLong count = new java.util.concurrent.atomic.AtomicLong();

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            long n = count.incrementAndGet();
            if (failing || n == failAt) {
                return new MockResponse().setResponseCode(503).setBody("{\"kind\":\"Status\",\"code\":503,\"message\":\"unavailable\"}");
            }
            Call call = call(request.getMethod(), request.getPath());
            if (!Objects.toString(request.getHeader("User-Agent"), "").startsWith(TEST_AGENT)) {
                calls.add(call);
            }
            String path = request.getPath().contains("?") ? request.getPath().substring(0, request.getPath().indexOf('?')) : request.getPath();
            if (call.resource().equals("pods/log")) {
                Matcher m = CORE.matcher(path);
                m.matches();
                String text = logs.get(m.group(2) + "/" + m.group(5));
                return text == null ? new MockResponse().setResponseCode(404) : new MockResponse().setResponseCode(200).setBody(text);
            }
            String contentType = Objects.toString(request.getHeader("Content-Type"), "");
            if (request.getMethod().equals("PATCH") && contentType.startsWith("application/apply-patch")) {
                return apply(request, path);
            }
            MockResponse response = super.dispatch(request);
            if (request.getMethod().equals("DELETE") && call.resource().equals("namespaces") && call.apiGroup().isEmpty()
                    && response.code() < 300) {
                String namespace = path.substring(path.lastIndexOf('/') + 1);
                cascade(namespace);
            }
            return response;
        }

        private MockResponse apply(RecordedRequest request, String path) {
            byte[] body = request.getBody().getBytes();
            Headers headers = Headers.builder().add("Content-Type", "application/json").build();
            if (findResource(getKey(path)) == null) {
                String collection = path.substring(0, path.lastIndexOf('/'));
                return handleCreate(new RecordedRequest("HTTP/1.1", HttpMethod.POST, collection, headers, new Buffer(body)));
            }
            return handleUpdate(new RecordedRequest("HTTP/1.1", HttpMethod.PUT, path, headers, new Buffer(body)));
        }

        private void cascade(String namespace) {
            List<io.fabric8.mockwebserver.crud.AttributeSet> doomed = new ArrayList<>();
            map.forEach((key, json) -> {
                GenericKubernetesResource resource = Serialization.unmarshal(json, GenericKubernetesResource.class);
                if (namespace.equals(resource.getMetadata().getNamespace())) {
                    doomed.add(key);
                }
            });
            doomed.forEach(map::remove);
        }
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
