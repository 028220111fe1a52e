package org.shuyu.controller.adapter.launcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.shuyu.runtime.contract.EngineFiles;
import org.shuyu.runtime.contract.EngineHealth;
import org.shuyu.runtime.contract.EngineLaunch;
import org.shuyu.runtime.contract.EngineReady;
import org.shuyu.runtime.contract.EngineRequest;
import org.shuyu.runtime.contract.RuntimeJson;
import org.shuyu.runtime.contract.RuntimeLaunch;

/**
 * A stand-in warm engine for launcher tests (the real {@code EngineMain} is the engine helper's): reads engine.json
 * strictly, serves {@code GET /health}, {@code POST /sessions} and {@code POST /shutdown} on loopback behind the
 * secret from its environment, writes ready.json atomically, and halts when its stdin closes (the parent watch).
 * With {@code never_ready} as the workspace's database it never writes ready.json; with {@code crash} it exits 3.
 * It also writes the credential it was given to {@code token.txt} so tests can present it at /service.
 */
public final class FakeEngineMain {
    private FakeEngineMain() {}

    public static void main(String[] args) throws Exception {
        RuntimeJson json = new RuntimeJson();
        EngineRequest request = json.read(Files.readString(Path.of(args[0])), EngineRequest.class);
        String secret = System.getenv(EngineLaunch.ENGINE_SECRET_ENV);
        String token = System.getenv(EngineLaunch.ENGINE_TOKEN_ENV);
        if (secret == null || token == null || System.getenv(RuntimeLaunch.MASK_SALT_ENV) == null) {
            System.exit(2);
        }
        if (Boolean.getBoolean(RuntimeLaunch.PARENT_WATCH_PROPERTY)) {
            Thread watch = new Thread(() -> {
                try {
                    while (System.in.read() >= 0) {
                        // nothing is ever written
                    }
                } catch (IOException e) {
                    // treated as end of file
                }
                Runtime.getRuntime().halt(9);
            }, "parent-watch");
            watch.setDaemon(true);
            watch.start();
        }
        if (request.workspaceDatabase().equals("crash")) {
            System.exit(3);
        }
        Files.writeString(request.engineDir().resolve("token.txt"), token);
        long started = System.currentTimeMillis();
        HttpServer server = HttpServer.create(new InetSocketAddress(request.bindHost(), request.controlPort()), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                if (!("Bearer " + secret).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    answer(exchange, 401, "{\"code\":\"ENGINE_SECRET_INVALID\",\"message\":\"no\"}");
                    return;
                }
                String path = exchange.getRequestURI().getPath();
                String method = exchange.getRequestMethod();
                if (method.equals("GET") && path.equals("/health")) {
                    long uptime = System.currentTimeMillis() - started;
                    double cpu = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0 * 0.1;
                    answer(exchange, 200, json.write(new EngineHealth(request.engineId(), 0, 0, cpu,
                            Runtime.getRuntime().totalMemory(), 0, uptime, uptime)));
                } else if (method.equals("POST") && path.equals("/sessions")) {
                    exchange.getRequestBody().readAllBytes();
                    answer(exchange, 201, "");
                } else if (method.equals("POST") && path.equals("/shutdown")) {
                    answer(exchange, 202, "");
                    new Thread(() -> Runtime.getRuntime().halt(0)).start();
                } else {
                    answer(exchange, 404, "{\"code\":\"NOT_FOUND\",\"message\":\"no such thing\"}");
                }
            }
        });
        server.start();
        if (request.workspaceDatabase().equals("never_ready")) {
            Thread.sleep(Long.MAX_VALUE);
        }
        int connect;
        try (ServerSocket socket = new ServerSocket(0)) {
            connect = socket.getLocalPort();
        }
        EngineReady ready = new EngineReady(request.engineId(), ProcessHandle.current().pid(),
                server.getAddress().getPort(), connect, started);
        Path temp = request.engineDir().resolve(EngineFiles.READY + ".tmp");
        Files.writeString(temp, json.write(ready));
        Files.move(temp, request.engineDir().resolve(EngineFiles.READY), StandardCopyOption.ATOMIC_MOVE);
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
