package org.shuyu.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.ranger.authorization.hadoop.config.RangerPluginConfig;
import org.apache.ranger.plugin.policyengine.RangerAccessRequest;
import org.apache.ranger.plugin.policyengine.RangerAccessRequestImpl;
import org.apache.ranger.plugin.policyengine.RangerAccessResourceImpl;
import org.apache.ranger.plugin.policyengine.RangerAccessResult;
import org.apache.ranger.plugin.service.RangerBasePlugin;
import org.shuyu.policy.Classification;
import org.shuyu.policy.ColumnSpec;
import org.shuyu.policy.DatasetSpec;
import org.shuyu.policy.PolicyCompiler;
import org.shuyu.policy.PolicyState;
import org.shuyu.policy.ServiceDefinition;
import org.shuyu.policy.ServicePolicySet;
import org.shuyu.policy.WorkspaceSpec;

/**
 * Policy decision latency of the real Ranger 2.9.0 plugin engine on policies compiled by {@link PolicyCompiler}
 * (not a unit test). A job JVM holds one plugin for its own workspace's service, so the engine is measured the
 * way a job uses it: one service, loaded through a policy source, single-threaded calls. Two sizes: a workspace
 * whose grant is so large that its service has 10,000 policies (the stress case), and a typical grant of 20
 * datasets. Each call is timed on its own with {@code System.nanoTime()} after a warm-up; each request is built
 * fresh (as a job does) outside the timed section, so only the engine's decision is measured. Settings: -Dbench.policy.calls (timed calls per kind),
 * -Dbench.policy.warmup (warm-up calls per kind), -Dbench.policy.target (policies in the large service).
 */
public final class PolicyDecisionBenchmark {
    private static final int CALLS = Integer.getInteger("bench.policy.calls", 200_000);
    private static final int WARMUP = Integer.getInteger("bench.policy.warmup", 200_000);
    private static final int TARGET = Integer.getInteger("bench.policy.target", 10_000);
    private static final int SUBJECTS_PER_DATASET = 100;
    private static final int COLUMNS = 10;
    private static final String MEMBER = "engineer";
    private static final String STORAGE = "/srv/shuyu/workspaces/grant-bench";

    private PolicyDecisionBenchmark() {}

    public static void main(String[] args) {
        print("java", System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
                + " processors, max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB");
        print("calls per kind", String.format("%,d timed after %,d warm-up", CALLS, WARMUP));
        int datasetsFor10k = datasetsFor(TARGET);
        scenario("large", datasetsFor10k);
        scenario("typical", 20);
    }

    /** Datasets of the generated grant so that its service has at least {@code target} policies. */
    private static int datasetsFor(int target) {
        int datasets = 1;
        while (policyCount(datasets) < target) {
            datasets++;
        }
        return datasets;
    }

    private static int policyCount(int datasets) {
        // 2 workspace policies; per dataset 1 read + 4 masks; every other dataset person-level (1 row filter)
        return 2 + datasets * 5 + (datasets + 1) / 2;
    }

    private static void scenario(String label, int datasetCount) {
        System.out.println();
        System.out.println("== " + label + ": one grant of " + datasetCount + " datasets");
        List<DatasetSpec> datasets = new ArrayList<>();
        Map<String, Set<String>> consents = new HashMap<>();
        for (int d = 0; d < datasetCount; d++) {
            datasets.add(dataset(d));
            if (personLevel(d)) {
                Set<String> subjects = new HashSet<>();
                for (int s = 0; s < SUBJECTS_PER_DATASET; s++) {
                    subjects.add(String.format("1101011990%08d", d * SUBJECTS_PER_DATASET + s));
                }
                consents.put(datasets.get(d).id(), subjects);
            }
        }
        Set<String> granted = new HashSet<>();
        datasets.forEach(d -> granted.add(d.id()));
        WorkspaceSpec workspace = new WorkspaceSpec("grant-bench", "ws_grant_bench", STORAGE, true,
                Set.of(MEMBER, "analyst"), granted);
        PolicyState state = new PolicyState(datasets, List.of(workspace), consents);

        long t0 = System.nanoTime();
        ServicePolicySet set = new PolicyCompiler().compile(state).get(PolicyCompiler.serviceName("grant-bench"));
        long t1 = System.nanoTime();
        String json = set.toJson(1, Instant.now());
        long t2 = System.nanoTime();
        // The first call above pays for class loading and a cold JIT; the median of five more is the steady cost.
        long[] warm = new long[5];
        long written = 0;
        for (int i = 0; i < warm.length; i++) {
            long w0 = System.nanoTime();
            written += set.toJson(1, Instant.now()).length();
            warm[i] = System.nanoTime() - w0;
        }
        Arrays.sort(warm);
        print("toJson warm (median of 5)", String.format("%.0f ms (%,d bytes written)", warm[2] / 1e6, written));
        print("policies", String.format("%,d (%,d access, %,d mask, %,d row filter)", set.policies().size(),
                count(set, "read-") + 2, count(set, "mask-"), count(set, "rowfilter-")));
        print("compile / toJson", String.format("%.0f ms / %.0f ms, JSON %,d bytes", (t1 - t0) / 1e6,
                (t2 - t1) / 1e6, json.length()));

        long t3 = System.nanoTime();
        RangerBasePlugin plugin = load(set.serviceName(), json);
        long t4 = System.nanoTime();
        print("plugin start + load (parse, engine build)", String.format("%.0f ms, policy version %d", (t4 - t3) / 1e6,
                plugin.getPoliciesVersion()));
        try {
            Random random = new Random(7);
            List<Supplier<RangerAccessRequest>> allowed = new ArrayList<>();
            List<Supplier<RangerAccessRequest>> denied = new ArrayList<>();
            List<Supplier<RangerAccessRequest>> masks = new ArrayList<>();
            List<Supplier<RangerAccessRequest>> filters = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                DatasetSpec d = datasets.get(random.nextInt(datasets.size()));
                String column = d.columns().get(random.nextInt(COLUMNS)).name();
                int index = i;
                switch (i % 4) {
                    case 0 -> allowed.add(() -> request(MEMBER, "select", d.namespace(), d.table(), column));
                    case 1 -> allowed.add(() -> request(MEMBER, "select", d.namespace(), d.table(), null));
                    case 2 -> allowed.add(() -> request(MEMBER, "update", "ws_grant_bench", "features_" + index, null));
                    default -> allowed.add(() -> url(MEMBER, "write", STORAGE + "/files/part-" + index + ".parquet"));
                }
                switch (i % 4) {
                    case 0 -> denied.add(() -> request("mallory", "select", d.namespace(), d.table(), column));
                    case 1 -> denied.add(() -> request(MEMBER, "select", "ns_x" + index, "t", column));
                    case 2 -> denied.add(() -> request(MEMBER, "update", d.namespace(), d.table(), null));
                    default -> denied.add(() -> url(MEMBER, "write", STORAGE + "-evil/part-" + index + ".parquet"));
                }
                masks.add(() -> request(MEMBER, "select", d.namespace(), d.table(), column));
                filters.add(() -> request(MEMBER, "select", d.namespace(), d.table(), null));
            }
            measure(label + " isAccessAllowed, allowed", allowed, r -> {
                RangerAccessResult result = plugin.isAccessAllowed(r);
                return result != null && result.getIsAllowed();
            }, true);
            measure(label + " isAccessAllowed, denied", denied, r -> {
                RangerAccessResult result = plugin.isAccessAllowed(r);
                return result != null && result.getIsAllowed();
            }, false);
            measure(label + " evalDataMaskPolicies", masks, r -> {
                RangerAccessResult result = plugin.evalDataMaskPolicies(r, null);
                return result != null && result.isMaskEnabled();
            }, null);
            measure(label + " evalRowFilterPolicies", filters, r -> {
                RangerAccessResult result = plugin.evalRowFilterPolicies(r, null);
                return result != null && result.isRowFilterEnabled();
            }, null);
        } finally {
            plugin.cleanup();
        }
    }

    /**
     * Times each call; {@code expected} non-null checks every answer (a benchmark that measures wrong answers
     * measures nothing).
     */
    private static void measure(String what, List<Supplier<RangerAccessRequest>> requests,
                                Predicate<RangerAccessRequest> call, Boolean expected) {
        int n = requests.size();
        int hits = 0;
        for (int i = 0; i < WARMUP; i++) {
            if (call.test(requests.get(i % n).get())) {
                hits++;
            }
        }
        long[] nanos = new long[CALLS];
        hits = 0;
        long start = System.nanoTime();
        for (int i = 0; i < CALLS; i++) {
            RangerAccessRequest request = requests.get(i % n).get(); // a fresh request, as a job builds one
            long t0 = System.nanoTime();
            boolean answer = call.test(request);
            nanos[i] = System.nanoTime() - t0;
            if (answer) {
                hits++;
            }
            if (expected != null && answer != expected) {
                throw new IllegalStateException(what + ": wrong answer for " + request);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(nanos);
        print(what, String.format("p50 %s  p90 %s  p99 %s  p99.9 %s  max %s  (%,.0f calls/s; %d%% true)",
                micros(nanos, 0.50), micros(nanos, 0.90), micros(nanos, 0.99), micros(nanos, 0.999),
                String.format("%.0f us", nanos[CALLS - 1] / 1e3), CALLS / seconds, hits * 100L / CALLS));
    }

    private static String micros(long[] sorted, double q) {
        int index = Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1);
        return String.format("%.1f us", sorted[index] / 1e3);
    }

    private static long count(ServicePolicySet set, String prefix) {
        return set.policies().stream().filter(p -> p.name().startsWith(prefix)).count();
    }

    private static boolean personLevel(int d) {
        return d % 2 == 0;
    }

    /** A dataset of 10 columns: 4 masked (hash, partial, nullify, hash) and 6 in clear. */
    private static DatasetSpec dataset(int d) {
        List<ColumnSpec> columns = List.of(
                new ColumnSpec("person_id_number", Classification.DIRECT_IDENTIFIER, 3),
                new ColumnSpec("phone", Classification.CONTACT, 3),
                new ColumnSpec("health_status", Classification.HEALTH_SOCIAL, 4),
                new ColumnSpec("birth_year", Classification.QUASI_IDENTIFIER, 3),
                new ColumnSpec("uscc", Classification.PUBLIC, 1),
                new ColumnSpec("month", Classification.PUBLIC, 1),
                new ColumnSpec("amount", Classification.FINANCIAL, 3),
                new ColumnSpec("region", Classification.PUBLIC, 2),
                new ColumnSpec("industry", Classification.BUSINESS, 2),
                new ColumnSpec("status", Classification.PUBLIC, 1));
        return new DatasetSpec(String.format("ns%03d.table_%05d", d % 50, d), false,
                personLevel(d) ? Optional.of("person_id_number") : Optional.empty(), columns);
    }

    private static RangerBasePlugin load(String serviceName, String json) {
        StaticPolicySource.serve(serviceName, json);
        String prefix = "ranger.plugin." + ServiceDefinition.NAME;
        Properties properties = new Properties();
        properties.setProperty(prefix + ".service.name", serviceName);
        properties.setProperty(prefix + ".policy.source.impl", StaticPolicySource.class.getName());
        properties.setProperty(prefix + ".policy.pollIntervalMs", "3600000");
        RangerBasePlugin plugin = new RangerBasePlugin(
                new RangerPluginConfig(ServiceDefinition.NAME, serviceName, "shuyu-bench", properties));
        plugin.init();
        if (plugin.getPoliciesVersion() != 1) {
            throw new IllegalStateException("policies were not loaded");
        }
        return plugin;
    }

    private static RangerAccessRequest request(String user, String access, String database, String table,
                                               String column) {
        RangerAccessResourceImpl resource = new RangerAccessResourceImpl();
        resource.setValue("database", database);
        resource.setValue("table", table);
        if (column != null) {
            resource.setValue("column", column);
        }
        RangerAccessRequestImpl request = new RangerAccessRequestImpl(resource, access, user, Set.of(), Set.of());
        request.setAction(access);
        return request;
    }

    private static RangerAccessRequest url(String user, String access, String path) {
        RangerAccessResourceImpl resource = new RangerAccessResourceImpl();
        resource.setValue("url", path);
        RangerAccessRequestImpl request = new RangerAccessRequestImpl(resource, access, user, Set.of(), Set.of());
        request.setAction(access);
        return request;
    }

    private static void print(String what, String value) {
        System.out.printf("%-48s %s%n", what, value);
    }
}
