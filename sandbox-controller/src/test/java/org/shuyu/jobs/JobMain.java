package org.shuyu.jobs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the job runtime's entry point (the real one is compute-jobs' {@code org.shuyu.jobs.JobMain}, never
 * on the controller's class path), for testing the launcher's side of the contract without Spark: it reads the
 * runtime config the launcher wrote and does what its first step says.
 * <ul>
 *   <li>{@code ok}: status SUCCEEDED with metrics, exit 0;</li>
 *   <li>{@code refuse}: status REFUSED with a code and step, exit 2;</li>
 *   <li>{@code env}: SUCCEEDED, the message lists the environment variables it was given;</li>
 *   <li>{@code sleep}: sleeps for a minute (timeouts and cancellation);</li>
 *   <li>{@code crash}: exits 5 without a status;</li>
 *   <li>no step and a {@code snapshot} of table {@code frozen}: a fake snapshot.arrow of two rows with its snapshot.json,
 *       SUCCEEDED; of table {@code liar}: the same but snapshot.json reports another size.</li>
 * </ul>
 * With {@code -Dshuyu.parentWatch=true} it halts when its stdin reaches end-of-file (its controller died), as the
 * real runtime does.
 */
public final class JobMain {
    private JobMain() {}

    public static void main(String[] args) throws Exception {
        if (Boolean.getBoolean("shuyu.parentWatch")) {
            Thread watch = new Thread(() -> {
                try {
                    while (System.in.read() != -1) {
                        // the controller never writes; only end-of-file matters
                    }
                } catch (java.io.IOException e) {
                    // a broken pipe is the same news
                }
                Runtime.getRuntime().halt(70);
            }, "parent-watch");
            watch.setDaemon(true);
            watch.start();
        }
        String config = Files.readString(Path.of(args[0]));
        Path out = Path.of(field(config, "outputDir"));
        String step = firstStep(config);
        Matcher snapshot = Pattern.compile("\"snapshot\"\\s*:\\s*\\{[^}]*\"table\"\\s*:\\s*\"([^\"]*)\"").matcher(config);
        if (step.equals("none") && snapshot.find()) {
            byte[] arrow = "ARROW1 fake snapshot".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Files.write(out.resolve("snapshot.arrow"), arrow);
            long reported = snapshot.group(1).equals("liar") ? arrow.length + 1 : arrow.length;
            write(out, "snapshot.json", "{\"file\":\"snapshot.arrow\",\"rows\":2,\"bytes\":" + reported + ",\"columns\":[]}");
            write(out, "status.json", "{\"state\":\"SUCCEEDED\",\"code\":\"OK\",\"message\":\"snapshot\",\"step\":null}");
            return;
        }
        System.out.println("fake runtime: step '" + step + "', max heap " + Runtime.getRuntime().maxMemory());
        switch (step) {
            case "ok" -> {
                write(out, "metrics.json", "{\"cpuSeconds\":1.5,\"peakMemoryBytes\":123456789,\"wallMillis\":42,\"steps\":[]}");
                write(out, "status.json", "{\"state\":\"SUCCEEDED\",\"code\":\"OK\",\"message\":\"1 step(s) succeeded\",\"step\":null}");
            }
            case "refuse" -> {
                write(out, "status.json", "{\"state\":\"REFUSED\",\"code\":\"ACCESS_DENIED\",\"message\":\"user may not select x.y\",\"step\":1}");
                System.exit(2);
            }
            case "env" -> write(out, "status.json", "{\"state\":\"SUCCEEDED\",\"code\":\"OK\",\"message\":\""
                    + String.join(",", new java.util.TreeSet<>(System.getenv().keySet())) + "\",\"step\":null}");
            case "sleep" -> Thread.sleep(60_000);
            case "crash" -> System.exit(5);
            default -> throw new IllegalArgumentException(step);
        }
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalArgumentException("no " + name);
        }
        return m.group(1);
    }

    private static String firstStep(String json) {
        Matcher m = Pattern.compile("\"steps\"\\s*:\\s*\\[\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : "none";
    }

    private static void write(Path dir, String name, String content) throws Exception {
        Files.writeString(dir.resolve(name), content);
    }
}
