package org.shuyu.jobs.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;
import org.shuyu.jobs.authz.Enforcement;
import org.shuyu.jobs.authz.PolicyDownloadClient;
import org.shuyu.jobs.authz.PolicyFreshness;
import org.shuyu.jobs.authz.RangerAuthorizer;
import org.shuyu.jobs.authz.SessionLock;
import org.shuyu.jobs.authz.ShuyuRangerPlugin;
import org.shuyu.jobs.authz.WorkspacePaths;
import org.shuyu.jobs.runtime.JobRunner;
import org.shuyu.jobs.runtime.SparkSessionFactory;
import org.shuyu.jobs.spec.RuntimeConfig;

/** An in-process job session as JobMain builds it (same factory, setup and enforcement), for tests. */
public final class EnforcedSession implements AutoCloseable {
    private final ShuyuRangerPlugin plugin;
    private final SparkSession spark;
    private final JobRunner runner;
    private final Enforcement enforcement;
    private final Path outputDir;

    public EnforcedSession(TestWorkspace workspace, java.net.URI policyUrl, Consumer<SparkSession> privilegedSetup)
            throws Exception {
        this(workspace, policyUrl, privilegedSetup, event -> { });
    }

    /** A session whose runner reports lineage to {@code lineageSink}. */
    public EnforcedSession(TestWorkspace workspace, java.net.URI policyUrl, Consumer<SparkSession> privilegedSetup,
            org.shuyu.jobs.lineage.LineageSink lineageSink) throws Exception {
        Path out = Files.createTempDirectory(workspace.root(), "out");
        outputDir = out;
        Path configFile = out.resolve("config.json");
        Files.writeString(configFile, workspace.config("test-job", List.of("SELECT 1"), Optional.empty(), out));
        RuntimeConfig config = RuntimeConfig.read(configFile);
        PolicyFreshness freshness = new PolicyFreshness(Clock.systemUTC(),
                Duration.ofMillis(config.policyMaxStalenessMillis()));
        PolicyDownloadClient source = new PolicyDownloadClient(policyUrl, config.serviceName(), "test", TestWorkspace.TOKEN,
                freshness, Duration.ofSeconds(2));
        plugin = ShuyuRangerPlugin.start(config.serviceName(), config.policyPollMillis(), source, freshness);
        enforcement = new Enforcement(config.user(), config.workspaceDatabase(),
                new RangerAuthorizer(plugin, freshness, config.user()),
                new WorkspacePaths(config.filesDir(), config.warehouseDir()), new SessionLock(),
                Optional.of(TestWorkspace.SALT));
        spark = SparkSessionFactory.create("test", config.warehouseDir(), enforcement);
        runner = new JobRunner(spark, enforcement, config,
                org.shuyu.jobs.lineage.LineageCapture.of(spark, config, lineageSink, Clock.systemUTC()));
        privilegedSetup.accept(spark);
        runner.setup();
    }

    public SparkSession spark() {
        return spark;
    }

    public JobRunner runner() {
        return runner;
    }

    /** The runtime configuration's outputDir (where a snapshot is written). */
    public Path outputDir() {
        return outputDir;
    }

    public Enforcement enforcement() {
        return enforcement;
    }

    /** Stops only the policy plugin (for a second session sharing the SparkContext of another). */
    public void closePluginOnly() {
        plugin.cleanup();
    }

    @Override
    public void close() {
        spark.stop();
        plugin.cleanup();
    }
}
