package org.shuyu.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.shuyu.controller.organization.Uscc;
import tools.jackson.databind.JsonNode;

/**
 * Crash durability of acknowledged writes (issue 14, not a unit test). The real controller runs in a child JVM in its
 * embedded default (H2 file database under a fresh data directory in {@code target/crash-bench/}), see
 * {@link ControllerProcess}. A scripted life cycle drives it through the public API with development tokens, one grant
 * after another: organization, a refused lab (R-04), lab, approval, evaluation report, application with four materials,
 * submission, expert and sector reviews, deliberation, approval, grant, a refused activation (no emergency plan), the
 * plan, activation, a member, the member's vetting, an announcement, suspension, rectification, reinstatement, a
 * refused suspension by an engineer, a termination decision, its approval and the termination.
 *
 * <p>At seeded random points (after the n-th acknowledged write, a delay of 0-50 ms, 0-500 ms or 0.5-3 s while the
 * script goes on; two of the kills wait for the next acknowledged termination after their point) a timer kills the controller with SIGKILL ({@link Process#destroyForcibly()}; the exit status must be
 * 137, i.e. signal 9). The controller is restarted on the same data directory and the harness checks:
 * <ul>
 *   <li>every acknowledged write is there in the state it was acknowledged in: each write's answer (the lab,
 *       application or grant it returned, the organization, the vetting record, the decision, the member) gives the
 *       entity's expected fingerprint (state, accessOpen, plan, suspension, rectification, decisions, materials,
 *       reviews, members, deletion record...), and the entity read back after the restart must show the last
 *       acknowledged fingerprint. If it shows an earlier acknowledged one, the writes acknowledged after it are lost;
 *       if it is missing, all of them are. A request cut by the kill has an unknown outcome: its entity may show the
 *       last acknowledged fingerprint or a new one, never an older one;</li>
 *   <li>no acknowledged audit record is lost: after each acknowledged operation the harness reads
 *       {@code GET /api/v1/audit?after=...} as the security supervisor and remembers every record (seq, id, hash); after
 *       a restart each remembered seq must hold the same id and hash;</li>
 *   <li>{@code GET /api/v1/audit/verify} answers {@code intact: true}.</li>
 * </ul>
 * It prints a summary and exits 1 if anything acknowledged was lost, the chain did not verify or a kill was not a
 * SIGKILL. Settings: {@code -Dbench.crash.seed} (14), {@code -Dbench.crash.writes} (220 acknowledged writes at least),
 * {@code -Dbench.crash.kills} (6 kills at least, the last one right after the last write), {@code -Dbench.crash.heap}
 * (512m, the controller's), {@code -Dbench.crash.startTimeout} (300 s), {@code -Dbench.crash.dir}
 * ({@code target/crash-bench}), {@code -Dbench.controller.jar} (run the built jar instead of the class path).
 */
public final class CrashBenchmark {
    private static final long SEED = Long.getLong("bench.crash.seed", 14);
    private static final int WRITES = Integer.getInteger("bench.crash.writes", 220);
    private static final int KILLS = Math.max(1, Integer.getInteger("bench.crash.kills", 6));
    private static final String HEAP = System.getProperty("bench.crash.heap", "512m");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(Long.getLong("bench.crash.startTimeout", 300));
    private static final Path DIR = Path.of(System.getProperty("bench.crash.dir", "target/crash-bench"));
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final String SHA = "c".repeat(64);
    private static final String MISSING = "<missing>";

    /** The kinds of entity a write leaves behind, each read back with one GET and reduced to a fingerprint. */
    enum Kind {
        ORGANIZATION, LAB, APPLICATION, GRANT, DECISIONS, MEMBERS, DELETION, PERSON, ANNOUNCEMENT;

        /** The fingerprint fields of the entity {@code id} in a GET (or write) answer. */
        Map<String, String> fields(JsonNode body, String id) {
            Map<String, String> f = new TreeMap<>();
            switch (this) {
                case ORGANIZATION -> f.put("uscc", body.path("uscc").asString());
                case LAB -> {
                    f.put("state", body.path("state").asString());
                    f.put("report", body.path("report").path("sha256").asString("-"));
                }
                case APPLICATION -> {
                    f.put("state", body.path("state").asString());
                    f.put("materials", new TreeSet<>(names(body.path("materials"))).toString());
                    List<String> reviewers = new ArrayList<>();
                    body.path("reviews").forEach(r -> reviewers.add(r.path("reviewer").asString()));
                    Collections.sort(reviewers);
                    f.put("reviews", reviewers.toString());
                    f.put("deliberation", Boolean.toString(present(body.path("deliberation"))));
                    f.put("approval", Boolean.toString(present(body.path("approval"))));
                }
                case GRANT -> {
                    f.put("state", body.path("state").asString());
                    f.put("accessOpen", body.path("accessOpen").asString());
                    f.put("emergencyPlan", Boolean.toString(present(body.path("emergencyPlan"))));
                    f.put("suspension", body.path("suspension").path("reason").asString("-"));
                    f.put("rectification", body.path("rectification").path("report").asString("-"));
                    f.put("ended", Boolean.toString(present(body.path("endedAt"))));
                }
                case DECISIONS -> {
                    Map<String, String> decisions = new TreeMap<>();
                    body.path("decisions").forEach(d -> decisions.put(d.path("id").asString(), d.path("state").asString()));
                    f.put("decisions", decisions.toString());
                }
                case MEMBERS -> {
                    Set<String> current = new TreeSet<>();
                    body.forEach(m -> {
                        if (!present(m.path("removedAt"))) {
                            current.add(m.path("userId").asString());
                        }
                    });
                    f.put("members", current.toString());
                }
                case DELETION -> {
                    boolean found = false;
                    for (JsonNode d : body) {
                        found |= id.equals(d.path("grantId").asString());
                    }
                    f.put("deletion", Boolean.toString(found));
                }
                case PERSON -> {
                    f.put("vetted", body.path("vetted").asString());
                    f.put("items", new TreeSet<>(names(body.path("items"))).toString());
                }
                case ANNOUNCEMENT -> {
                    boolean found = false;
                    for (JsonNode a : body) {
                        found |= id.equals(a.path("id").asString());
                    }
                    f.put("listed", Boolean.toString(found));
                }
            }
            return f;
        }

        private static boolean present(JsonNode node) {
            return !node.isMissingNode() && !node.isNull();
        }

        private static List<String> names(JsonNode object) {
            List<String> names = new ArrayList<>();
            object.propertyNames().forEach(names::add);
            return names;
        }
    }

    /** One acknowledged write (or acknowledged refusal), with the nanoTime of its answer. */
    record Write(int index, String chain, String name, int status, long ackedAt) {
        Write {
            requireNonNull(chain, "chain is null");
            requireNonNull(name, "name is null");
        }
    }

    /** A fingerprint an entity was acknowledged in, and the write that left it so (-1: none, e.g. an empty list). */
    record Version(String fingerprint, int write) {
        Version {
            requireNonNull(fingerprint, "fingerprint is null");
        }
    }

    /** Something a write left behind that can be read back: how to read it and the fingerprints it was acknowledged in. */
    static final class Entity {
        final String key;
        final Kind kind;
        final String id;
        final String user;
        final String path;
        final List<Version> history = new ArrayList<>();
        Map<String, String> last;
        /** A request touching this entity was cut by a kill: its outcome is unknown. */
        boolean unknownPending;

        Entity(String key, Kind kind, String id, String user, String path) {
            this.key = key;
            this.kind = kind;
            this.id = id;
            this.user = user;
            this.path = path;
        }

        void acknowledge(Map<String, String> fields, int write) {
            last = new TreeMap<>(fields);
            history.add(new Version(last.toString(), write));
        }
    }

    /** One request of the script: who, what, and what its acknowledgement leaves behind. */
    record Step(String name, String user, String method, Supplier<String> path, Supplier<Object> body, boolean refusal,
                List<String> touches, Consumer<BenchApi.Response> onAck) {
        Step {
            requireNonNull(name, "name is null");
            touches = List.copyOf(touches);
        }
    }

    private final Random random = new Random(SEED);
    private final Map<String, Entity> entities = new LinkedHashMap<>();
    private final List<Write> writes = new ArrayList<>();
    /** Every audit record read back after an acknowledged operation: seq -> id + hash. */
    private final Map<Long, String> auditSeen = new TreeMap<>();
    private final Set<Integer> lostWrites = new TreeSet<>();
    private final Set<Long> lostAudit = new TreeSet<>();
    private final List<String> problems = new ArrayList<>();
    private final List<Long> killTimes = new ArrayList<>();
    private final String run = Long.toString(SEED, 36) + "-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    private final LocalDate today = LocalDate.now(ZONE);
    private ControllerProcess controller;
    private BenchApi api;
    /** The write being acknowledged (its answer's effects are being recorded). */
    private Write current;
    private long auditAfter;
    private int chains;
    private int ops;
    private int refusals;
    private int writeChecks;
    private int scriptErrors;
    private int auditUnobserved;
    private int verifyRuns;
    private int verifyBroken;
    private int badKills;
    private int ackedWrites;

    private CrashBenchmark() {}

    public static void main(String[] args) throws Exception {
        int status = new CrashBenchmark().run();
        System.exit(status);
    }

    private int run() throws Exception {
        Path runDir = DIR.resolve("run-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(java.time.LocalDateTime.now()))
                .toAbsolutePath();
        int port = ControllerProcess.freePort();
        controller = new ControllerProcess(runDir.resolve("data"), runDir, port, HEAP, List.of(
                "--logging.level.root=WARN", "--logging.level.org.shuyu=INFO"));
        api = new BenchApi(BenchApi.newClient(), controller.baseUrl(), Duration.ofSeconds(60));
        print("setup", String.format(Locale.ROOT, "seed %d, at least %d acknowledged writes, %d kills, controller heap %s, port %d, run dir %s",
                SEED, WRITES, KILLS, HEAP, port, runDir));
        // Kill points: after the n-th acknowledged write, one per segment of the script; the last right after the last write.
        List<int[]> plan = new ArrayList<>();
        int segment = Math.max(1, (WRITES - 10) / KILLS);
        for (int k = 0; k < KILLS - 1; k++) {
            int after = 10 + k * segment + random.nextInt(segment);
            // Kills #2 and #3 of the plan wait for the next acknowledged termination (0-50 ms, 0-500 ms after it).
            plan.add(new int[] {after, delay(k), k == 1 || k == 2 ? 1 : 0});
        }
        plan.add(new int[] {WRITES, random.nextInt(500), 0});
        plan.sort((a, b) -> Integer.compare(a[0], b[0]));
        StringBuilder planText = new StringBuilder();
        plan.forEach(p -> planText.append(" after write ").append(p[0]).append(p[2] == 1 ? " and the next termination" : "")
                .append(" +").append(p[1]).append(" ms;"));
        print("plan", planText.toString());

        double started = controller.start(START_TIMEOUT);
        print("start", String.format(Locale.ROOT, "incarnation 1 (pid %d) healthy in %.1f s", controller.pid(), started));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        ScheduledFuture<Integer> kill = null;
        int nextKill = 0;
        int kills = 0;
        Chain chain = new Chain(++chains);
        try {
            while (nextKill < plan.size()) {
                boolean killed = false;
                Optional<Step> next = ackedWrites < WRITES ? chain.next() : Optional.empty();
                if (ackedWrites < WRITES && next.isEmpty()) {
                    chain = new Chain(++chains);
                    continue;
                }
                if (next.isPresent()) {
                    Step step = next.get();
                    ops++;
                    BenchApi.Response response = null;
                    try {
                        response = api.call(step.user(), step.method(), step.path().get(), step.body().get());
                    } catch (IOException cut) {
                        killed = true;
                        step.touches().forEach(key -> entities.get(key).unknownPending = true);
                        print("cut", step.name() + " of chain " + chain.number + ": " + cut.getClass().getSimpleName()
                                + " (outcome unknown)");
                    }
                    if (response != null) {
                        boolean expected = step.refusal() ? response.status() >= 400 && response.status() < 500 : response.ok();
                        if (!expected) {
                            scriptErrors++;
                            problems.add("chain " + chain.number + " " + step.name() + ": unexpected " + response);
                            print("script", "chain " + chain.number + " " + step.name() + " answered " + response + "; chain abandoned");
                            chain.abandoned = true;
                        } else {
                            Write write = new Write(writes.size(), "chain " + chain.number, step.name(), response.status(), System.nanoTime());
                            writes.add(write);
                            if (step.refusal()) {
                                refusals++;
                            } else {
                                ackedWrites++;
                            }
                            current = write;
                            step.onAck().accept(response);
                            if (kill == null && nextKill < plan.size() && ackedWrites >= plan.get(nextKill)[0]
                                    && (plan.get(nextKill)[2] == 0 || step.name().equals("termination"))) {
                                int delay = plan.get(nextKill)[1];
                                kill = timer.schedule(() -> {
                                    killTimes.add(System.nanoTime());
                                    return controller.kill();
                                }, delay, TimeUnit.MILLISECONDS);
                                print("kill", String.format(Locale.ROOT, "#%d scheduled %d ms after write %d (%s %s)", nextKill + 1,
                                        delay, ackedWrites, write.chain(), write.name()));
                            }
                            try {
                                readAudit();
                            } catch (IOException cut) {
                                auditUnobserved++;
                                killed = true;
                            }
                        }
                    }
                } else if (kill == null) {
                    // The script is done: the last planned kill, right after the last write's answer.
                    int delay = plan.get(nextKill)[1];
                    kill = timer.schedule(() -> {
                        killTimes.add(System.nanoTime());
                        return controller.kill();
                    }, delay, TimeUnit.MILLISECONDS);
                    print("kill", String.format(Locale.ROOT, "#%d scheduled %d ms after the last write", nextKill + 1, delay));
                }
                if (!killed && kill != null && kill.isDone()) {
                    killed = true;
                }
                if (!killed && next.isEmpty() && kill != null) {
                    kill.get();
                    killed = true;
                }
                if (killed) {
                    if (kill == null) {
                        problems.add("the controller went away with no kill planned (see " + controller.log() + ")");
                        print("crash", "the controller went away by itself; restarting");
                        controller.kill();
                    } else {
                        int exit = kill.get();
                        kills++;
                        nextKill++;
                        kill = null;
                        if (exit != ControllerProcess.SIGKILL_STATUS) {
                            badKills++;
                            problems.add("kill #" + kills + ": exit status " + exit + ", not 137 (SIGKILL)");
                        }
                        print("kill", String.format(Locale.ROOT, "#%d done: exit status %d (%s), %d writes acknowledged so far",
                                kills, exit, exit == ControllerProcess.SIGKILL_STATUS ? "signal 9" : "NOT signal 9", ackedWrites));
                    }
                    double seconds = controller.start(START_TIMEOUT);
                    // A new client: the old one's pooled connections went with the killed JVM; tokens are fetched again.
                    api = new BenchApi(BenchApi.newClient(), controller.baseUrl(), Duration.ofSeconds(60));
                    print("start", String.format(Locale.ROOT, "incarnation %d (pid %d) healthy in %.1f s on the same data dir",
                            kills + 1, controller.pid(), seconds));
                    check(kills);
                    chain = new Chain(++chains);
                }
            }
        } finally {
            timer.shutdownNow();
            controller.stop();
        }
        long audited = auditSeen.size();
        System.out.printf(Locale.ROOT, "RESULT crash: ops %d, acknowledged writes %d (+ %d acknowledged refusals), kills %d"
                        + " (SIGKILL verified: %d), chains %d, acknowledged-write checks %d, lost=%d writes; audit records"
                        + " remembered %d, lost=%d; audit verify %d runs, not intact %d; script errors %d,"
                        + " audit reads cut by a kill %d%n",
                ops, ackedWrites, refusals, kills, kills - badKills, chains, writeChecks, lostWrites.size(), audited,
                lostAudit.size(), verifyRuns, verifyBroken, scriptErrors, auditUnobserved);
        problems.forEach(p -> System.out.println("[crash] problem: " + p));
        boolean failed = !lostWrites.isEmpty() || !lostAudit.isEmpty() || verifyBroken > 0 || badKills > 0 || kills < KILLS;
        System.out.println("RESULT crash: " + (failed ? "FAILED (acknowledged data lost or not verified)" : "PASSED (nothing acknowledged was lost)"));
        return failed ? 1 : 0;
    }

    private int delay(int k) {
        return switch (k % 4) {
            case 0, 2 -> random.nextInt(500);
            case 1 -> random.nextInt(50);
            default -> 500 + random.nextInt(2500);
        };
    }

    /** Remembers every audit record appended since the last read (as the security supervisor). */
    private void readAudit() throws IOException, InterruptedException {
        while (true) {
            BenchApi.Response page = api.get("security", "/api/v1/audit?limit=1000&after=" + auditAfter);
            if (!page.ok()) {
                throw new IllegalStateException("GET /api/v1/audit answered " + page);
            }
            JsonNode body = page.json();
            for (JsonNode r : body.path("records")) {
                long seq = r.path("seq").asLong();
                auditSeen.put(seq, r.path("id").asString() + " " + r.path("hash").asString());
                auditAfter = Math.max(auditAfter, seq);
            }
            if (body.path("nextAfter").isMissingNode() || body.path("nextAfter").isNull() || body.path("records").isEmpty()) {
                return;
            }
        }
    }

    /** After a restart: every acknowledged write, every remembered audit record, and the chain's verification. */
    private void check(int kill) throws IOException, InterruptedException {
        long killedAt = killTimes.isEmpty() ? System.nanoTime() : killTimes.get(killTimes.size() - 1);
        int lostBefore = lostWrites.size();
        int checked = 0;
        for (Entity e : entities.values()) {
            BenchApi.Response response = api.get(e.user, e.path);
            String actual;
            if (response.status() == 404) {
                actual = MISSING;
            } else if (!response.ok()) {
                problems.add("after kill #" + kill + ": GET " + e.path + " answered " + response);
                actual = MISSING;
            } else {
                actual = new TreeMap<>(e.kind.fields(response.json(), e.id)).toString();
            }
            List<Integer> ackedHere = e.history.stream().map(Version::write).filter(w -> w >= 0).toList();
            checked += ackedHere.size();
            Version latest = e.history.get(e.history.size() - 1);
            if (actual.equals(latest.fingerprint())) {
                e.unknownPending = false;
                continue;
            }
            int match = -1;
            for (int i = e.history.size() - 1; i >= 0; i--) {
                if (e.history.get(i).fingerprint().equals(actual)) {
                    match = i;
                    break;
                }
            }
            if (match < 0 && e.unknownPending && !MISSING.equals(actual)) {
                // The request cut by the kill took effect: that is its new acknowledged (observed) state.
                e.history.add(new Version(actual, -1));
                e.unknownPending = false;
                continue;
            }
            List<Integer> lost = new ArrayList<>();
            for (int i = match + 1; i < e.history.size(); i++) {
                if (e.history.get(i).write() >= 0) {
                    lost.add(e.history.get(i).write());
                }
            }
            boolean fresh = false;
            for (int w : lost) {
                if (lostWrites.add(w)) {
                    fresh = true;
                    Write write = writes.get(w);
                    print("LOST", String.format(Locale.ROOT, "after kill #%d: %s %s (HTTP %d, acknowledged %d ms before the kill)",
                            kill, write.chain(), write.name(), write.status(), (killedAt - write.ackedAt()) / 1_000_000));
                }
            }
            if (fresh) {
                print("LOST", "  " + e.key + ": acknowledged " + latest.fingerprint() + ", found " + actual);
            }
        }
        writeChecks += checked;
        // The audit records remembered after acknowledged operations.
        Map<Long, String> now = new HashMap<>();
        long after = 0;
        while (true) {
            BenchApi.Response page = api.get("security", "/api/v1/audit?limit=1000&after=" + after);
            if (!page.ok()) {
                throw new IllegalStateException("GET /api/v1/audit answered " + page);
            }
            JsonNode body = page.json();
            for (JsonNode r : body.path("records")) {
                now.put(r.path("seq").asLong(), r.path("id").asString() + " " + r.path("hash").asString());
                after = Math.max(after, r.path("seq").asLong());
            }
            if (body.path("nextAfter").isMissingNode() || body.path("nextAfter").isNull() || body.path("records").isEmpty()) {
                break;
            }
        }
        int lostAuditBefore = lostAudit.size();
        for (Map.Entry<Long, String> seen : auditSeen.entrySet()) {
            if (!seen.getValue().equals(now.get(seen.getKey()))) {
                lostAudit.add(seen.getKey());
            }
        }
        auditAfter = after;
        // Records appended since (e.g. by the restart) are remembered too: they were there to be read.
        now.forEach(auditSeen::putIfAbsent);
        BenchApi.Response verify = api.get("security", "/api/v1/audit/verify");
        verifyRuns++;
        boolean intact = verify.ok() && verify.json().path("intact").asBoolean(false);
        if (!intact) {
            verifyBroken++;
            problems.add("after kill #" + kill + ": audit verify " + verify);
        }
        print("check", String.format(Locale.ROOT, "after kill #%d: %d entities, %d acknowledged writes checked, %d newly lost"
                        + " (%d in all); audit: %d records remembered, %d in the log, %d newly lost (%d in all); verify %s",
                kill, entities.size(), checked, lostWrites.size() - lostBefore, lostWrites.size(), auditSeen.size(), now.size(),
                lostAudit.size() - lostAuditBefore, lostAudit.size(), verify));
    }

    private Entity entity(Kind kind, String id, String user, String path) {
        String key = kind + ":" + id;
        return entities.computeIfAbsent(key, k -> new Entity(k, kind, id, user, path));
    }

    /** The acknowledged fields of an entity after the current write. */
    private void ack(Entity e, Map<String, String> fields) {
        e.acknowledge(fields, current.index());
        e.unknownPending = false;
    }

    private void baseline(Entity e, Map<String, String> fields) {
        e.last = new TreeMap<>(fields);
        e.history.add(new Version(e.last.toString(), -1));
    }

    private static void print(String part, String text) {
        System.out.println("[crash] " + part + ": " + text);
    }

    /** One grant's life cycle, step by step; ids come from the answers. */
    final class Chain {
        final int number;
        final List<Step> steps = new ArrayList<>();
        int position;
        boolean abandoned;
        String org;
        String lab;
        String app;
        String grant;
        String decision;

        Chain(int number) {
            this.number = number;
            String n = run + "-" + number;
            String first17 = String.format(Locale.ROOT, "91330200%09d", Math.floorMod(SEED * 1_000_003L + System.nanoTime() / 1000 + number * 7919L, 1_000_000_000L));
            String uscc = first17 + Uscc.checkCharacter(first17);
            step("organization", "applicant", "POST", () -> "/api/v1/organizations", () -> Map.of("name", "Crash bench Co. " + n,
                    "uscc", uscc, "jurisdiction", "330200", "establishedOn", "2016-05-01",
                    "accountablePerson", Map.of("userId", "applicant", "name", "Li Qiang")), List.of(), r -> {
                        org = r.json().path("id").asString();
                        ack(entity(Kind.ORGANIZATION, org, "admin", "/api/v1/organizations/" + org),
                                Kind.ORGANIZATION.fields(r.json(), org));
                    });
            refusal("lab with a prohibited dataset", "applicant", "POST", () -> "/api/v1/labs", () -> Map.of("organizationId", org,
                    "datasetIds", List.of("police.household_registry"), "developmentApproach", "x", "marketPlan", "y", "months", 3));
            step("lab", "applicant", "POST", () -> "/api/v1/labs", () -> Map.of("organizationId", org,
                    "datasetIds", List.of("registry.enterprises", "tax.payments"), "developmentApproach", "credit features " + n,
                    "marketPlan", "scores for local banks", "months", 3), List.of(), r -> {
                        lab = r.json().path("id").asString();
                        ack(entity(Kind.LAB, lab, "admin", "/api/v1/labs/" + lab), Kind.LAB.fields(r.json(), lab));
                    });
            labStep("lab approval", "/approve", Map.of("note", "approved"));
            labStep("lab evaluation report", "/complete", Map.of("conclusion", "PASSED", "summary", "validated on masked data",
                    "findings", "no raw identifiers needed"));
            step("application", "applicant", "POST", () -> "/api/v1/applications", () -> Map.of("labId", lab,
                    "scenario", "crash bench scenario " + n, "priorityDomain", "INDUSTRY_VALUE", "level", "MUNICIPAL"), List.of(), r -> {
                        app = r.json().path("id").asString();
                        ack(entity(Kind.APPLICATION, app, "admin", "/api/v1/applications/" + app), Kind.APPLICATION.fields(r.json(), app));
                    });
            for (String kind : List.of("application-form", "data-security-commitment", "security-risk-self-assessment")) {
                appStep("material " + kind, "applicant", "PUT", "/materials/" + kind, Map.of("documentName", kind + ".pdf", "sha256", SHA));
            }
            appStep("material audit-and-financial-reports", "applicant", "PUT", "/materials/audit-and-financial-reports",
                    Map.of("documentName", "audit.pdf", "sha256", SHA, "periodEnd", (today.getYear() - 1) + "-12-31"));
            appStep("submission", "applicant", "POST", "/submit", null);
            Map<String, Object> review = Map.of("opinions", List.of(
                    Map.of("point", "APPLICANT", "verdict", "FAVOURABLE", "comment", "qualified"),
                    Map.of("point", "PRODUCT_FEASIBILITY_AND_COMPLIANCE", "verdict", "FAVOURABLE", "comment", "feasible"),
                    Map.of("point", "DATA_SECURITY_AND_PERSONAL_INFORMATION", "verdict", "FAVOURABLE", "comment", "adequate"),
                    Map.of("point", "EMERGENCY_PLAN", "verdict", "FAVOURABLE", "comment", "adequate")));
            appStep("expert review", "expert", "POST", "/reviews", review);
            appStep("sector review", "provider", "POST", "/reviews", review);
            appStep("deliberation", "coordination", "POST", "/deliberation", Map.of("meetingDate", today.toString(),
                    "attendees", "coordination body", "minutes", "deliberated", "outcome", "APPROVE"));
            appStep("approval", "leading-group", "POST", "/approval", Map.of("decisionNumber", "NB-LG-" + n,
                    "approvedOn", today.toString(), "note", "approved"));
            step("grant", "admin", "POST", () -> "/api/v1/grants", () -> Map.of("applicationId", app, "termStart", today.toString(),
                    "termEnd", today.plusYears(2).toString(), "agreement", Map.of("documentName", "agreement.pdf", "sha256", SHA,
                            "signedOn", today.toString())), List.of("APPLICATION:APP"), r -> {
                        grant = r.json().path("id").asString();
                        Entity application = entities.get(Kind.APPLICATION + ":" + app);
                        Map<String, String> granted = new TreeMap<>(application.last);
                        granted.put("state", "GRANTED");
                        ack(application, granted);
                        ack(grantEntity(), Kind.GRANT.fields(r.json(), grant));
                        ack(decisionsEntity(), Kind.DECISIONS.fields(r.json(), grant));
                        baseline(entity(Kind.MEMBERS, grant, "admin", "/api/v1/grants/" + grant + "/members"), Map.of("members", "[]"));
                        baseline(entity(Kind.DELETION, grant, "security", "/api/v1/deletions"), Map.of("deletion", "false"));
                    });
            refusal("activation without an emergency plan", "admin", "POST", () -> "/api/v1/grants/" + grant + "/activate", () -> null);
            grantStep("emergency plan", "applicant", "PUT", "/emergency-plan", Map.of("documentName", "plan.pdf", "sha256", SHA,
                    "summary", "isolate and notify", "contacts", "duty officer"));
            grantStep("activation", "admin", "POST", "/activate", null);
            step("member", "applicant", "POST", () -> "/api/v1/grants/" + grant + "/members",
                    () -> Map.of("userId", "engineer", "name", "Zhang Wei"), List.of("MEMBERS:GRANT"), r -> {
                        Entity members = entities.get(Kind.MEMBERS + ":" + grant);
                        ack(members, Map.of("members", "[" + r.json().path("userId").asString() + "]"));
                    });
            Map<String, Object> vetted = Map.of("completedOn", today.toString(), "evidence", "crash bench record " + n);
            step("vetting", "applicant", "PUT", () -> "/api/v1/organizations/" + org + "/personnel/engineer",
                    () -> Map.of("name", "Zhang Wei", "items", Map.of("PRE_JOB_TRAINING", vetted, "REAL_NAME_AUTHENTICATION", vetted,
                            "FILING_AND_VETTING", vetted, "CONFIDENTIALITY_AGREEMENT", vetted)), List.of("PERSON:ORG"), r ->
                    ack(entity(Kind.PERSON, org + "/engineer", "applicant", "/api/v1/organizations/" + org + "/personnel/engineer"),
                            Kind.PERSON.fields(r.json(), org)));
            step("announcement", "admin", "POST", () -> "/api/v1/announcements", () -> Map.of("title", "Call " + n,
                    "body", "data sandbox call", "conditions", "registered in Ningbo", "priorityDomains", List.of("INDUSTRY_VALUE"),
                    "jurisdiction", "330200", "opensOn", today.toString(), "closesOn", today.plusDays(30).toString()), List.of(), r -> {
                        String id = r.json().path("id").asString();
                        ack(entity(Kind.ANNOUNCEMENT, id, "admin", "/api/v1/announcements"), Map.of("listed", "true"));
                    });
            grantStep("suspension", "admin", "POST", "/suspend", Map.of("violation", "late incident report " + n,
                    "rectificationDeadline", Instant.now().plus(Duration.ofDays(10)).toString()));
            grantStep("rectification", "applicant", "POST", "/rectification", Map.of("report", "incident process fixed " + n));
            grantStep("reinstatement", "admin", "POST", "/reinstate", Map.of("note", "rectified"));
            refusal("suspension by an engineer", "engineer", "POST", () -> "/api/v1/grants/" + grant + "/suspend",
                    () -> Map.of("violation", "not mine to say", "rectificationDeadline", Instant.now().plus(Duration.ofDays(10)).toString()));
            step("termination decision", "coordination", "POST", () -> "/api/v1/grants/" + grant + "/decisions",
                    () -> Map.of("kind", "TERMINATE", "meetingDate", today.toString(), "minutes", "deliberated", "reason", "bench ends"),
                    List.of("DECISIONS:GRANT"), r -> {
                        decision = r.json().path("id").asString();
                        decisionAck(r);
                    });
            step("decision approval", "leading-group", "POST", () -> "/api/v1/grants/" + grant + "/decisions/" + decision + "/approval",
                    () -> null, List.of("DECISIONS:GRANT"), this::decisionAck);
            step("termination", "admin", "POST", () -> "/api/v1/grants/" + grant + "/terminate", () -> Map.of("decisionId", decision),
                    List.of("GRANT:GRANT", "DECISIONS:GRANT", "DELETION:GRANT", "MEMBERS:GRANT"), r -> {
                        ack(grantEntity(), Kind.GRANT.fields(r.json(), grant));
                        ack(decisionsEntity(), Kind.DECISIONS.fields(r.json(), grant));
                        ack(entities.get(Kind.DELETION + ":" + grant), Map.of("deletion", "true"));
                        // R-17a: ending a grant removes its members at once.
                        ack(entities.get(Kind.MEMBERS + ":" + grant), Map.of("members", "[]"));
                    });
        }

        Optional<Step> next() {
            if (abandoned || position >= steps.size()) {
                return Optional.empty();
            }
            Step step = steps.get(position++);
            // Entity keys of the chain's grant, organization... are known only once the earlier steps answered.
            List<String> touches = step.touches().stream().map(t -> t
                    .replace(":GRANT", ":" + grant).replace("PERSON:ORG", "PERSON:" + org + "/engineer")
                    .replace("LAB:LAB", "LAB:" + lab).replace("APPLICATION:APP", "APPLICATION:" + app)).toList();
            return Optional.of(new Step(step.name(), step.user(), step.method(), step.path(), step.body(), step.refusal(),
                    touches.stream().filter(entities::containsKey).toList(), step.onAck()));
        }

        private void step(String name, String user, String method, Supplier<String> path, Supplier<Object> body,
                List<String> touches, Consumer<BenchApi.Response> onAck) {
            steps.add(new Step(name, user, method, path, body, false, touches, onAck));
        }

        private void refusal(String name, String user, String method, Supplier<String> path, Supplier<Object> body) {
            steps.add(new Step(name, user, method, path, body, true, List.of(), r -> {}));
        }

        private void labStep(String name, String suffix, Object body) {
            step(name, "admin", "POST", () -> "/api/v1/labs/" + lab + suffix, () -> body, List.of("LAB:LAB"),
                    r -> ack(entities.get(Kind.LAB + ":" + lab), Kind.LAB.fields(r.json(), lab)));
        }

        private void appStep(String name, String user, String method, String suffix, Object body) {
            step(name, user, method, () -> "/api/v1/applications/" + app + suffix, () -> body, List.of("APPLICATION:APP"),
                    r -> ack(entities.get(Kind.APPLICATION + ":" + app), Kind.APPLICATION.fields(r.json(), app)));
        }

        private void grantStep(String name, String user, String method, String suffix, Object body) {
            step(name, user, method, () -> "/api/v1/grants/" + grant + suffix, () -> body, List.of("GRANT:GRANT"),
                    r -> ack(grantEntity(), Kind.GRANT.fields(r.json(), grant)));
        }

        private Entity grantEntity() {
            return entity(Kind.GRANT, grant, "admin", "/api/v1/grants/" + grant);
        }

        private Entity decisionsEntity() {
            return entity(Kind.DECISIONS, grant, "admin", "/api/v1/grants/" + grant);
        }

        private void decisionAck(BenchApi.Response r) {
            Entity decisions = decisionsEntity();
            Map<String, String> states = new TreeMap<>();
            String text = decisions.last.get("decisions");
            // "{id=STATE, ...}" as written by Kind.DECISIONS
            String inner = text.substring(1, text.length() - 1);
            if (!inner.isEmpty()) {
                for (String pair : inner.split(", ")) {
                    int eq = pair.indexOf('=');
                    states.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            states.put(r.json().path("id").asString(), r.json().path("state").asString());
            ack(decisions, Map.of("decisions", states.toString()));
        }
    }
}
