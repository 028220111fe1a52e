package org.shuyu.bench.connect;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.connect.SparkSession;

/**
 * The Spark Connect client side of {@code InteractiveBenchmark}, a child JVM whose class path is the standard client
 * ({@code spark-connect-client-jvm_2.13}) and nothing of Spark's server side. It reads one command per line on stdin
 * (fields separated by TAB) and answers each with one line on stdout starting with {@code @} (Spark's own logging goes
 * to stderr). Times are measured here, on the client, in microseconds; wall-clock instants are epoch microseconds
 * (the same clock as the benchmark JVM's, same machine).
 *
 * <pre>
 * open  NAME URL              -> @ok open NAME micros            (a new client session; no statement yet)
 * first NAME URL SQL          -> @ok first NAME micros rows      (a new session and its first statement, timed together)
 * sql   NAME REPS SQL         -> @ok sql NAME rows m1,m2,...     (REPS statements back to back, each collected)
 * conf  NAME KEY              -> @ok conf NAME value
 * long  NAME TAG SQL          -> @ok long NAME TAG               (runs in the background; when it ends:)
 *                                @ended TAG epochMicros outcome  (outcome FINISHED, or the exception's class and message)
 * interrupt NAME TAG          -> @ok interrupt NAME epochMicrosBeforeTheCall
 * load  SECONDS SQL NAME,...  -> @ok load requests errors m1,m2,... (one thread per session, back to back)
 *                                then @firsterror text when there was an error
 * close NAME                  -> @ok close NAME
 * quit
 * </pre>
 * A command that fails answers {@code @err COMMAND NAME Class: message} (the first line of the message only).
 */
public final class ConnectBenchClient {
    private static final Map<String, SparkSession> SESSIONS = new ConcurrentHashMap<>();
    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    private ConnectBenchClient() {}

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        reply("@ready");
        String line;
        while ((line = in.readLine()) != null) {
            String[] f = line.split("\t", -1);
            String command = f[0];
            if (command.equals("quit")) {
                break;
            }
            try {
                switch (command) {
                    case "open" -> {
                        long start = System.nanoTime();
                        SparkSession session = SparkSession.builder().remote(f[2]).create();
                        SESSIONS.put(f[1], session);
                        reply("@ok\topen\t" + f[1] + "\t" + micros(start));
                    }
                    case "first" -> {
                        long start = System.nanoTime();
                        SparkSession session = SparkSession.builder().remote(f[2]).create();
                        SESSIONS.put(f[1], session);
                        int rows = session.sql(f[3]).collectAsList().size();
                        reply("@ok\tfirst\t" + f[1] + "\t" + micros(start) + "\t" + rows);
                    }
                    case "sql" -> {
                        SparkSession session = session(f[1]);
                        int reps = Integer.parseInt(f[2]);
                        StringBuilder times = new StringBuilder();
                        int rows = 0;
                        for (int i = 0; i < reps; i++) {
                            long start = System.nanoTime();
                            rows = session.sql(f[3]).collectAsList().size();
                            times.append(i == 0 ? "" : ",").append(micros(start));
                        }
                        reply("@ok\tsql\t" + f[1] + "\t" + rows + "\t" + times);
                    }
                    case "conf" -> reply("@ok\tconf\t" + f[1] + "\t" + session(f[1]).conf().get(f[2]));
                    case "long" -> {
                        SparkSession session = session(f[1]);
                        String tag = f[2];
                        String sql = f[3];
                        Thread runner = new Thread(() -> {
                            session.addTag(tag);
                            String outcome;
                            try {
                                session.sql(sql).collectAsList();
                                outcome = "FINISHED";
                            } catch (Exception e) {
                                outcome = describe(e);
                            } finally {
                                session.removeTag(tag);
                            }
                            reply("@ended\t" + tag + "\t" + epochMicros() + "\t" + outcome);
                        }, "long-" + tag);
                        runner.setDaemon(true);
                        runner.start();
                        reply("@ok\tlong\t" + f[1] + "\t" + tag);
                    }
                    case "interrupt" -> {
                        long before = epochMicros();
                        session(f[1]).interruptTag(f[2]);
                        reply("@ok\tinterrupt\t" + f[1] + "\t" + before);
                    }
                    case "load" -> load(Integer.parseInt(f[1]), f[2], List.of(f[3].split(",")));
                    case "close" -> {
                        SparkSession session = SESSIONS.remove(f[1]);
                        if (session != null) {
                            session.close();
                        }
                        reply("@ok\tclose\t" + f[1]);
                    }
                    default -> reply("@err\t" + command + "\t-\tunknown command");
                }
            } catch (Exception | Error e) {
                reply("@err\t" + command + "\t" + (f.length > 1 ? f[1] : "-") + "\t" + describe(e));
            }
        }
        // No session.close() here: a server that is already gone (the bare server is stopped before the end) would make
        // each close retry for minutes; the servers drop their sessions themselves.
        System.exit(0);
    }

    /** One thread per session, each running SQL back to back for the given time; all latencies and errors merged. */
    private static void load(int seconds, String sql, List<String> names) throws InterruptedException {
        List<SparkSession> sessions = new ArrayList<>();
        for (String name : names) {
            sessions.add(session(name));
        }
        List<List<Long>> samples = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(sessions.size());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (SparkSession session : sessions) {
            List<Long> mine = new ArrayList<>();
            samples.add(mine);
            Thread t = new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        try {
                            session.sql(sql).collectAsList();
                            mine.add(micros(start));
                        } catch (Exception e) {
                            mine.add(micros(start));
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, describe(e));
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
            t.setDaemon(true);
            t.start();
        }
        done.await();
        StringBuilder all = new StringBuilder();
        long count = 0;
        for (List<Long> mine : samples) {
            for (long m : mine) {
                all.append(count++ == 0 ? "" : ",").append(m);
            }
        }
        reply("@ok\tload\t" + count + "\t" + errors.get() + "\t" + all);
        if (firstError.get() != null) {
            reply("@firsterror\t" + firstError.get());
        }
    }

    private static SparkSession session(String name) {
        SparkSession session = SESSIONS.get(name);
        if (session == null) {
            throw new IllegalArgumentException("no session " + name);
        }
        return session;
    }

    private static long micros(long startNanos) {
        return (System.nanoTime() - startNanos) / 1000;
    }

    static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    /** The exception's class and the first line of its message, tabs and line breaks removed. */
    private static String describe(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int nl = message.indexOf('\n');
        if (nl >= 0) {
            message = message.substring(0, nl);
        }
        if (message.length() > 400) {
            message = message.substring(0, 400) + "...";
        }
        return e.getClass().getSimpleName() + ": " + message.replace('\t', ' ');
    }

    private static synchronized void reply(String line) {
        OUT.println(line);
    }
}
