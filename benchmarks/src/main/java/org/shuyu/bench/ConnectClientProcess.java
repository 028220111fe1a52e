package org.shuyu.bench;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The standard Spark Connect client ({@code spark-connect-client-jvm_2.13}) in a child JVM of its own:
 * {@code org.shuyu.bench.connect.ConnectBenchClient} of the module {@code benchmarks/connect-client}, on
 * {@code connect-client/target/classes} and the class path that module's build wrote to
 * {@code connect-client/target/client-classpath.txt}. Its own JVM because the client jar bundles Spark SQL API classes
 * that clash with spark-sql, which the benchmark's compile path carries (compute-jobs). Commands go to its stdin, one per
 * line; its answers ({@code @...} lines) come back on stdout; Spark's logging goes to a log file.
 */
final class ConnectClientProcess implements AutoCloseable {
    /** One answer line split at TABs: {@code @ok COMMAND ...} or {@code @err COMMAND NAME text}. */
    record Answer(List<String> fields) {
        boolean ok() {
            return fields.get(0).equals("@ok");
        }

        String field(int i) {
            return fields.get(i);
        }

        /** The comma-separated microsecond values of field i, as a long array (empty field: none). */
        long[] micros(int i) {
            String value = fields.get(i);
            return value.isEmpty() ? new long[0] : Arrays.stream(value.split(",")).mapToLong(Long::parseLong).toArray();
        }

        @Override
        public String toString() {
            return String.join(" ", fields);
        }
    }

    /** The end of a background statement: when the client saw it end (epoch microseconds) and how. */
    record Ended(long epochMicros, String outcome) {}

    private final Process process;
    private final BufferedWriter in;
    private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<Ended>> ended = new ConcurrentHashMap<>();
    private final Path log;
    private volatile String firstError;

    private ConnectClientProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), UTF_8));
        Thread reader = new Thread(this::read, "connect-client-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the client JVM and waits for its {@code @ready}. {@code clientDir} is {@code benchmarks/connect-client}. */
    static ConnectClientProcess start(Path clientDir, Path log, String heap) throws IOException, InterruptedException {
        Path classes = clientDir.resolve("target/classes");
        Path classpathFile = clientDir.resolve("target/client-classpath.txt");
        if (!Files.isDirectory(classes) || !Files.isRegularFile(classpathFile)) {
            throw new IllegalStateException("the Spark Connect client driver is not built: " + classpathFile + " is missing (build with"
                    + " mvn -Pbench -pl benchmarks -am process-classes, which builds benchmarks/connect-client first)");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                "-cp", classes.toAbsolutePath() + ":" + Files.readString(classpathFile).strip(),
                "org.shuyu.bench.connect.ConnectBenchClient"));
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ConnectClientProcess client = new ConnectClientProcess(process, log);
        Answer ready = client.next(Duration.ofSeconds(120));
        if (!ready.field(0).equals("@ready")) {
            throw new IllegalStateException("the Spark Connect client did not start: " + ready + "; see " + log);
        }
        return client;
    }

    private void read() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (!line.startsWith("@")) {
                    continue;
                }
                List<String> fields = List.of(line.split("\t", -1));
                if (fields.get(0).equals("@ended")) {
                    ended.computeIfAbsent(fields.get(1), t -> new CompletableFuture<>())
                            .complete(new Ended(Long.parseLong(fields.get(2)), fields.get(3)));
                } else if (fields.get(0).equals("@firsterror")) {
                    firstError = fields.get(1);
                } else {
                    answers.add(new Answer(fields));
                }
            }
        } catch (IOException e) {
            // the client is gone; next() reports it
        }
        answers.add(new Answer(List.of("@gone", "-", "-", "the client JVM exited; see " + log)));
    }

    private Answer next(Duration timeout) throws InterruptedException {
        Answer answer = answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (answer == null) {
            throw new IllegalStateException("no answer from the Spark Connect client within " + timeout + "; see " + log);
        }
        return answer;
    }

    /** Sends one command (fields joined by TAB) and waits for its answer (an {@code @err} answer is returned, not thrown). */
    synchronized Answer call(Duration timeout, String... fields) throws IOException, InterruptedException {
        for (String f : fields) {
            if (f.contains("\t") || f.contains("\n")) {
                throw new IllegalArgumentException("a command field holds a TAB or a line break: " + f);
            }
        }
        in.write(String.join("\t", fields));
        in.newLine();
        in.flush();
        return next(timeout);
    }

    /** Like {@link #call} but an {@code @err} answer is an IllegalStateException with the given context. */
    Answer require(Duration timeout, String context, String... fields) throws IOException, InterruptedException {
        Answer answer = call(timeout, fields);
        if (!answer.ok()) {
            throw new IllegalStateException(context + ": " + answer);
        }
        return answer;
    }

    /** The end of the background statement tagged {@code tag} (see the client's {@code long} command). */
    CompletableFuture<Ended> ended(String tag) {
        return ended.computeIfAbsent(requireNonNull(tag), t -> new CompletableFuture<>());
    }

    /** The first error of the last {@code load} command, if it had one. */
    String firstLoadError() {
        return firstError;
    }

    Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            in.write("quit");
            in.newLine();
            in.flush();
        } catch (IOException gone) {
            // already exited
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
