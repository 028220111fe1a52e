package org.shuyu.controller.adapter.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.shuyu.controller.config.KubernetesExecutorProperties;
import org.shuyu.controller.config.KubernetesProperties;
import org.shuyu.controller.config.SandboxProperties;
import org.shuyu.controller.grant.RetainedDirectories;
import org.shuyu.controller.job.Job;
import org.shuyu.controller.job.JobLauncher;
import org.shuyu.controller.job.JobLogs;
import org.shuyu.controller.job.JobState;
import org.shuyu.controller.job.LogContext;
import org.shuyu.controller.job.RuntimeOutcomes;
import org.shuyu.controller.job.RuntimeRequests;
import org.shuyu.runtime.contract.RuntimeFiles;
import org.shuyu.runtime.contract.RuntimeJson;
import org.shuyu.runtime.contract.RuntimeRequest;
import org.shuyu.runtime.contract.SparkCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Why this class is long: a job's objects on Kubernetes (secret, config map, driver pod, and with executors the
 * driver's Service), their polling, log collection, the snapshot file on shared storage and deletion, now, on cancel
 * and after a controller restart, belong together: splitting them would spread the guarantee that nothing outlives
 * the outcome over several classes.
 *
 * <p>Runs each job as a driver pod in its workspace's namespace (docs/kubernetes.md): the same runtime
 * ({@code org.shuyu.jobs.JobMain}, Ranger enforcement, locked session) from the runtime image, with its runtime
 * config in a config map and its credential, mask salt and output marker in a secret made for the job. The pod runs
 * as non-root with a read-only root file system, no capabilities, no service account token, inside the namespace's
 * network policy; the workspace volume is its only writable storage besides {@code /tmp}. The launcher polls the
 * pod's phase, reads the runtime's outputs (status, metrics, preview) from marker lines of its log, keeps the log
 * under the controller's job directory, and deletes pod, config map and secret. SNAPSHOT runs write their Arrow file to
 * the workspace's directory on the platform's shared storage, where the controller takes it ({@link SharedRuns},
 * docs/storage.md); without shared storage they are not started (FAILED, {@value #SNAPSHOT_UNSUPPORTED}). With
 * executors ({@code sandbox.kubernetes.executors.instances} above 0) the driver runs Spark's Kubernetes scheduler in
 * client mode: its runtime.json names the {@code k8s://} cluster, its config map carries the executor pod template
 * (the driver's claims: with shared storage the workspace's data and the sources), a headless Service gives it a name
 * executors reach, and its executor pods are owned by it. A snapshot's Arrow file is written by the driver (the
 * collected result), so snapshots work the same with executors.
 */
public class KubernetesJobLauncher implements JobLauncher {
    private static final Logger log = LoggerFactory.getLogger(KubernetesJobLauncher.class);
    /** The outcome code of a SNAPSHOT run without shared storage (no volume carries the file back to the controller). */
    public static final String SNAPSHOT_UNSUPPORTED = "SNAPSHOT_UNSUPPORTED";
    private static final int MAX_LOG_BYTES = 8 << 20;

    private final KubernetesClient client;
    private final KubernetesProperties.Runtime runtime;
    private final SandboxProperties.Jobs jobs;
    private final WorkspaceObjects objects;
    private final DriverPods pods;
    private final SparkExecutors executors;
    private final Optional<SharedRuns> shared;
    private final RuntimeJson contract = new RuntimeJson();
    private final ExecutorService pool;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Running> running = new ConcurrentHashMap<>();

    private static final class Running {
        final String namespace;
        final String pod;
        volatile boolean started;
        volatile boolean cancelled;

        Running(String namespace, String pod) {
            this.namespace = namespace;
            this.pod = pod;
        }
    }

    public KubernetesJobLauncher(KubernetesClient client, KubernetesProperties settings, SandboxProperties properties) {
        this(client, settings, KubernetesExecutorProperties.none(), properties);
    }

    /** With executors: each driver runs Spark's Kubernetes scheduler ({@link SparkExecutors}). */
    public KubernetesJobLauncher(KubernetesClient client, KubernetesProperties settings, KubernetesExecutorProperties executors,
            SandboxProperties properties) {
        this.client = client;
        this.runtime = settings.runtime();
        this.jobs = properties.jobs();
        this.objects = new WorkspaceObjects(settings, executors);
        Path sourcesRoot = properties.dataDir().resolve("sources").toAbsolutePath().normalize();
        this.pods = new DriverPods(runtime, settings.storage().mountPath(), sourcesRoot, jobs.timeout(), objects.shared());
        this.executors = new SparkExecutors(executors, settings, sourcesRoot);
        this.shared = objects.shared() ? Optional.of(new SharedRuns(new RetainedDirectories(properties.dataDir()
                .resolve(WorkspaceObjects.WORKSPACE_VOLUMES)), Path.of(settings.storage().mountPath()))) : Optional.empty();
        this.pool = Executors.newFixedThreadPool(jobs.maxConcurrent(), r -> {
            Thread t = new Thread(r, "k8s-job-launcher");
            t.setDaemon(true);
            return t;
        });
        if (!available()) {
            log.warn("Kubernetes job launcher unavailable: {}", unavailableReason());
        }
    }

    @Override
    public boolean available() {
        return problem().isEmpty();
    }

    @Override
    public String unavailableReason() {
        return problem().orElse("available");
    }

    private Optional<String> problem() {
        if (runtime.runtimeImage().isEmpty()) {
            return Optional.of("no job runtime image is configured (sandbox.kubernetes.runtime.image)");
        }
        if (jobs.policyUrl() == null || jobs.policyUrl().isBlank()) {
            return Optional.of("job pods need the controller's in-cluster URL (sandbox.jobs.policy-url)");
        }
        if (runtime.sourcesDriver().isEmpty() && !objects.shared()) {
            return Optional.of("no read-only volume with the catalog's source data is configured (sandbox.kubernetes.storage.shared"
                    + " or sandbox.kubernetes.runtime.sources-csi-driver)");
        }
        Optional<String> executorProblem = executors.problem(runtime.driverCpu(), runtime.driverMemory());
        if (executorProblem.isPresent()) {
            return executorProblem;
        }
        if (pool.isShutdown()) {
            return Optional.of("the launcher is shut down");
        }
        return Optional.empty();
    }

    /** The driver pod's name (a DNS-1123 label derived from the job id). */
    static String podName(String jobId) {
        return KubeNames.dnsLabel("", jobId);
    }

    @Override
    public CompletableFuture<Outcome> launch(Run run, BooleanSupplier onStart) {
        if (run.kind() == Job.Kind.SNAPSHOT && shared.isEmpty()) {
            // The snapshot file would stay in the pod's emptyDir: only the shared storage carries it back to the controller.
            return CompletableFuture.completedFuture(Outcome.of(JobState.FAILED, SNAPSHOT_UNSUPPORTED, "snapshot job " + run.jobId()
                    + " was not started: snapshots on Kubernetes need the platform's shared storage (sandbox.kubernetes.storage.shared,"
                    + " docs/storage.md)"));
        }
        Running slot = new Running(objects.namespace(run.workspaceId()), podName(run.jobId()));
        running.put(run.jobId(), slot);
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        pool.execute(() -> LogContext.inRun(run.jobId(), run.workspaceId(), () -> {
            Outcome outcome;
            try {
                outcome = execute(run, slot, onStart);
            } catch (Throwable t) {
                log.error("job {} could not be run on Kubernetes", run.jobId(), t);
                outcome = Outcome.of(JobState.FAILED, "LAUNCH_FAILED", "the runtime could not be run: " + t.getMessage());
            } finally {
                running.remove(run.jobId());
                cleanUp(slot, run.jobId());
            }
            result.complete(outcome); // after clean-up: once the outcome is known, the pod, config and secret are gone
        }));
        return result;
    }

    private Outcome execute(Run run, Running slot, BooleanSupplier onStart) throws IOException {
        if (slot.cancelled) {
            return Outcome.of(JobState.CANCELLED, "CANCELLED", "cancelled before it started");
        }
        boolean snapshot = run.kind() == Job.Kind.SNAPSHOT;
        RuntimeRequest request;
        String service = SparkExecutors.serviceName(run.jobId());
        Optional<SparkCluster> cluster = executors.enabled()
                ? Optional.of(executors.cluster(slot.namespace, slot.pod, service, DriverPods.CONFIG_DIR + "/" + SparkExecutors.TEMPLATE_KEY))
                : Optional.empty();
        try {
            request = RuntimeRequests.of(run, jobs.policyUrl(), jobs.policyPollMillis(), jobs.policyMaxStalenessMillis(),
                    snapshot ? shared.orElseThrow().podDirectory(slot.pod) : Path.of(DriverPods.OUTPUT_DIR), cluster);
        } catch (IllegalArgumentException e) {
            return RuntimeOutcomes.invalidRequest(e);
        }
        if (!snapshot) {
            return run(run, slot, onStart, request);
        }
        Path runDir = shared.orElseThrow().prepare(slot.namespace, slot.pod);
        try {
            return run(run, slot, onStart, request);
        } finally {
            try {
                SharedRuns.remove(runDir);
            } catch (IOException e) {
                log.warn("cannot remove the shared output directory of job {}: {}", run.jobId(), e.getClass().getName());
            }
        }
    }

    private Outcome run(Run run, Running slot, BooleanSupplier onStart, RuntimeRequest request) throws IOException {
        String marker = "SHUYU-OUTPUT-" + HexFormat.of().formatHex(randomBytes());
        Map<String, String> labels = DriverPods.labels(run);
        try {
            client.secrets().inNamespace(slot.namespace).resource(DriverPods.secret(run, slot.namespace, slot.pod, labels, marker))
                    .create();
            Map<String, String> files = executors.enabled()
                    ? Map.of(SparkExecutors.TEMPLATE_KEY, executors.templateYaml(slot.namespace, run.workspaceId())) : Map.of();
            client.configMaps().inNamespace(slot.namespace).resource(DriverPods.configMap(slot.namespace, slot.pod, labels,
                    contract.write(request), files)).create();
            if (executors.enabled()) {
                client.services().inNamespace(slot.namespace).resource(executors.driverService(slot.namespace,
                        SparkExecutors.serviceName(run.jobId()),
                        Map.of(KubeNames.JOB, labels.get(KubeNames.JOB)), labels)).create();
            }
        } catch (KubernetesClientException e) {
            throw KubernetesErrors.translate(e, "create the configuration of job " + run.jobId());
        }
        if (!onStart.getAsBoolean()) {
            return Outcome.of(JobState.REFUSED, "NOT_STARTED", "the job was not started: its workspace is no longer open to its submitter");
        }
        if (slot.cancelled) {
            return Outcome.of(JobState.CANCELLED, "CANCELLED", "cancelled before it started");
        }
        long started = System.nanoTime();
        try {
            Pod driver = pods.driverPod(slot.namespace, slot.pod, labels);
            client.pods().inNamespace(slot.namespace).resource(executors.enabled() ? executors.asDriver(driver) : driver).create();
        } catch (KubernetesClientException e) {
            throw KubernetesErrors.translate(e, "create the driver pod of job " + run.jobId());
        }
        slot.started = true;
        Duration deadline = jobs.timeout().plusSeconds(30);
        Pod pod;
        while (true) {
            pod = client.pods().inNamespace(slot.namespace).withName(slot.pod).get();
            if (slot.cancelled || pod == null) {
                return Outcome.of(JobState.CANCELLED, "CANCELLED", "cancelled while running");
            }
            String phase = pod.getStatus() == null ? "Pending" : Optional.ofNullable(pod.getStatus().getPhase()).orElse("Pending");
            if (phase.equals("Succeeded") || phase.equals("Failed")) {
                break;
            }
            if (System.nanoTime() - started > deadline.toNanos()) {
                collectLog(run, slot);
                return DriverOutputs.withWall(Outcome.of(JobState.FAILED, "TIMEOUT", "the job ran longer than " + jobs.timeout()
                        + " and was stopped"), started);
            }
            try {
                Thread.sleep(runtime.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.of(JobState.FAILED, "LAUNCH_FAILED", "the launcher was interrupted");
            }
        }
        String logText = collectLog(run, slot);
        DriverOutputs outputs = DriverOutputs.parse(logText, marker, contract);
        Outcome outcome = outputs.outcome(pod, jobs.timeout(), started);
        if (run.kind() != Job.Kind.SNAPSHOT) {
            return outcome;
        }
        return SharedRuns.collect(outcome, outputs.snapshot(), shared.orElseThrow().controllerDirectory(slot.namespace, slot.pod),
                run.jobsDir().resolve(run.jobId()));
    }

    /** Reads the pod's whole log into {@code <jobs>/<job>/log.txt} (where {@link #log} finds it once the pod is gone). */
    private String collectLog(Run run, Running slot) {
        String text;
        try {
            text = Optional.ofNullable(client.pods().inNamespace(slot.namespace).withName(slot.pod).getLog()).orElse("");
        } catch (KubernetesClientException e) {
            log.warn("cannot read the log of job {}: HTTP {}", run.jobId(), e.getCode());
            text = "";
        }
        if (text.length() > MAX_LOG_BYTES) {
            text = text.substring(text.length() - MAX_LOG_BYTES);
        }
        try {
            Path dir = Files.createDirectories(run.jobsDir().resolve(run.jobId()));
            Files.writeString(dir.resolve(RuntimeFiles.LOG), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the log of job " + run.jobId(), e);
        }
        return text;
    }

    /**
     * Deletes the driver pod (its executors go with it: they are owned by it), its Service, config map and secret.
     */
    private void cleanUp(Running slot, String jobId) {
        List<Runnable> deletes = new ArrayList<>(List.<Runnable>of(
                () -> client.pods().inNamespace(slot.namespace).withName(slot.pod).withGracePeriod(0).delete(),
                () -> client.configMaps().inNamespace(slot.namespace).withName(slot.pod).delete(),
                () -> client.secrets().inNamespace(slot.namespace).withName(slot.pod).delete()));
        if (executors.enabled()) {
            deletes.add(() -> client.services().inNamespace(slot.namespace).withName(SparkExecutors.serviceName(jobId)).delete());
        }
        for (Runnable delete : deletes) {
            try {
                delete.run();
            } catch (KubernetesClientException e) {
                // The namespace's teardown removes leftovers; the next job has its own names.
                log.warn("cannot clean up after job pod {}/{}: HTTP {}", slot.namespace, slot.pod, e.getCode());
            }
        }
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return bytes;
    }

    @Override
    public boolean cancel(String jobId) {
        Running slot = running.get(jobId);
        if (slot == null) {
            return false;
        }
        slot.cancelled = true;
        if (slot.started) {
            try {
                client.pods().inNamespace(slot.namespace).withName(slot.pod).withGracePeriod(0).delete();
            } catch (KubernetesClientException e) {
                log.warn("cannot delete the pod of cancelled job {}: HTTP {}", jobId, e.getCode());
            }
        }
        return true;
    }

    /**
     * A driver pod an earlier controller incarnation started: deleted with its configuration and credential secret
     * (the pod's own credential already died with that incarnation). True if the pod was still there.
     */
    @Override
    public boolean stopLeftover(Job job, Optional<Long> pid) {
        if (running.containsKey(job.id())) {
            return false;
        }
        Running slot = new Running(objects.namespace(job.workspaceId()), podName(job.id()));
        boolean present;
        try {
            present = client.pods().inNamespace(slot.namespace).withName(slot.pod).get() != null;
        } catch (KubernetesClientException e) {
            log.warn("cannot look up the pod of leftover job {}: HTTP {}", job.id(), e.getCode());
            present = false;
        }
        cleanUp(slot, job.id());
        return present;
    }

    @Override
    public Optional<String> log(Path jobsDir, String jobId, int maxBytes) {
        Running slot = running.get(jobId);
        if (slot != null && slot.started) {
            try {
                String text = client.pods().inNamespace(slot.namespace).withName(slot.pod).getLog();
                if (text != null) {
                    return Optional.of(text.length() > maxBytes ? text.substring(text.length() - maxBytes) : text);
                }
            } catch (KubernetesClientException e) {
                log.debug("live log of job {} unavailable: HTTP {}", jobId, e.getCode());
            }
        }
        return JobLogs.tail(jobsDir, jobId, maxBytes);
    }

    public void shutdown() {
        pool.shutdownNow();
        running.values().forEach(slot -> slot.cancelled = true);
    }
}
