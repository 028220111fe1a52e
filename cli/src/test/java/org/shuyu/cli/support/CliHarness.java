package org.shuyu.cli.support;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.shuyu.cli.Shuyu;
import org.shuyu.testkit.ControllerProcess;

/**
 * Runs the CLI in-process against a real controller: one {@link ControllerProcess} (embedded mode, development
 * issuer) per harness, a private config directory, and {@code as(user, args...)} to run a command as a demo user
 * (a development token through {@code $SHUYU_TOKEN}, as a script would). Login itself is tested with the device flow
 * in its own tests.
 */
public final class CliHarness implements AutoCloseable {
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    /** One invocation's outcome. */
    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private final ControllerProcess controller;
    private final Path configDir;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();

    private CliHarness(ControllerProcess controller, Path configDir) {
        this.controller = controller;
        this.configDir = configDir;
    }

    /** A controller on a fresh data directory (no demo catalog), with these extra Spring properties. */
    public static CliHarness start(Map<String, String> properties) {
        try {
            Path dir = Files.createTempDirectory("shuyu-cli-it");
            ControllerProcess controller = ControllerProcess.start(dir.resolve("data"), properties, true);
            return new CliHarness(controller, dir.resolve("config"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CliHarness start() {
        return start(Map.of());
    }

    public ControllerProcess controller() {
        return controller;
    }

    public String server() {
        String url = controller.baseUrl().toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public Path configDir() {
        return configDir;
    }

    /** Runs {@code shuyu args...} with {@code $SHUYU_SERVER} set and these extra environment variables. */
    public Result run(Map<String, String> env, String... args) {
        Map<String, String> variables = new HashMap<>(env);
        variables.putIfAbsent("SHUYU_SERVER", server());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Shuyu.run(Cli.Environment.of(variables, configDir, Clock.systemUTC()),
                new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Runs {@code shuyu args...} as a demo user (development token). */
    public Result as(String user, String... args) {
        return run(Map.of("SHUYU_TOKEN", token(user)), args);
    }

    /** Runs without any login ({@code $SHUYU_SERVER} only). */
    public Result anonymous(String... args) {
        return run(Map.of(), args);
    }

    /** A development token for a demo user (cached). */
    public String token(String user) {
        return tokens.computeIfAbsent(user, u -> {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server() + "/dev/token"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + u + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                Matcher m = ACCESS_TOKEN.matcher(response.body());
                if (response.statusCode() != 200 || !m.find()) {
                    throw new IllegalStateException("no dev token for " + u + ": " + response.statusCode() + " "
                            + response.body());
                }
                return m.group(1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    @Override
    public void close() {
        controller.close();
    }
}
