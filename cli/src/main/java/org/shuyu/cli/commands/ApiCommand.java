package org.shuyu.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.shuyu.cli.support.Cli;
import org.shuyu.cli.support.CliException;
import org.shuyu.cli.support.Inputs;
import org.shuyu.cli.support.Json;
import org.shuyu.client.ApiClient;
import org.shuyu.client.ApiException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code shuyu api [-X METHOD] PATH [-d BODY]}: one call of the REST API with the profile's token, for the endpoints that
 * have no command of their own yet and for scripts (like {@code gh api} or {@code kubectl get --raw}). The body is JSON
 * or YAML (converted to JSON), given inline or as {@code @file} ({@code @-}: standard input). The answer is printed as
 * JSON (YAML with {@code -o yaml}); a refusal is reported like any other command's, with its problem code and exit code.
 * A POST, PUT, PATCH or DELETE carries a fresh {@code Idempotency-Key} unless one is given with {@code -H}.
 */
@Command(name = "api", description = "Call a REST endpoint with the profile's token and print its JSON answer.")
public final class ApiCommand implements Callable<Integer> {
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final Cli cli;

    @Parameters(index = "0", paramLabel = "PATH", description = "The path under the server, starting /api/ (with its query).")
    String path;

    @Option(names = {"-X", "--method"}, paramLabel = "METHOD",
            description = "GET, POST, PUT, PATCH or DELETE (default: GET, or POST when a body is given).")
    String method;

    @Option(names = {"-d", "--data"}, paramLabel = "BODY",
            description = "The request body: JSON or YAML inline, @FILE, or @- for standard input.")
    String data;

    @Option(names = {"-H", "--header"}, paramLabel = "NAME:VALUE",
            description = "An extra header (If-Match, Idempotency-Key ...); repeatable.")
    List<String> headers = new ArrayList<>();

    ApiCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
        if (!path.startsWith("/api/")) {
            throw CliException.usage("API_PATH_INVALID", "the path must start with /api/, got '" + path + "'");
        }
        String verb = (method == null ? (data == null ? "GET" : "POST") : method).toUpperCase(Locale.ROOT);
        if (!METHODS.contains(verb)) {
            throw CliException.usage("API_METHOD_INVALID", "unknown method '" + method + "'; use one of " + METHODS);
        }
        String body = data == null ? null : json(data);
        ApiClient client = cli.client();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(client.getBaseUri() + path))
                .header("Accept", "application/json, application/problem+json");
        if (client.getReadTimeout() != null) {
            request.timeout(client.getReadTimeout());
        }
        boolean idempotencyKey = false;
        for (String header : headers) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw CliException.usage("API_HEADER_INVALID", "a header is NAME:VALUE, got '" + header + "'");
            }
            String name = header.substring(0, colon).trim();
            idempotencyKey |= name.equalsIgnoreCase("Idempotency-Key");
            request.header(name, header.substring(colon + 1).trim());
        }
        if (WRITES.contains(verb) && !idempotencyKey) {
            request.header("Idempotency-Key", UUID.randomUUID().toString());
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
            request.method(verb, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            request.method(verb, HttpRequest.BodyPublishers.noBody());
        }
        if (client.getRequestInterceptor() != null) {
            client.getRequestInterceptor().accept(request);
        }
        HttpResponse<String> response;
        try {
            response = client.getHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ApiException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new ApiException(response.statusCode(), verb + " " + path + " -> " + response.statusCode(),
                    response.headers(), response.body());
        }
        String text = response.body();
        if (text == null || text.isBlank()) {
            cli.output().note(verb + " " + path + ": " + response.statusCode());
            return 0;
        }
        JsonNode answer;
        try {
            answer = Json.tree(text);
        } catch (RuntimeException e) {
            cli.output().line(text);
            return 0;
        }
        cli.output().structured(answer);
        return 0;
    }

    /** The body as JSON: inline text or a file's, YAML converted. */
    private static String json(String data) {
        String text = data.startsWith("@") ? Inputs.text(data.substring(1)) : data;
        Object value = Inputs.parse(text, data.startsWith("@") ? data.substring(1) : "the body", Object.class);
        return Json.tree(value).toString();
    }
}
