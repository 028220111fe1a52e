package org.shuyu.controller.adapter.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.job.Job;
import org.shuyu.controller.job.JobLauncher;

/**
 * A controller stand-in for {@link JobsDieWithTheirControllerTest}: a JVM holding a {@link LocalJobLauncher} that
 * launches one long job (the stand-in runtime's {@code sleep} step) in the directory given as its argument, prints
 * {@code PID <runtime pid>} once the runtime started, and waits to be killed.
 */
public final class LauncherHarness {
    private LauncherHarness() {}

    public static void main(String[] args) throws Exception {
        Path workspace = Path.of(args[0]);
        Path jobs = Files.createDirectories(workspace.resolve("jobs"));
        LocalJobLauncher launcher = LocalJobLauncherTest.launcher(Path.of("target/test-classes").toAbsolutePath().toString(),
                Duration.ofMinutes(5));
        launcher.launch(new JobLauncher.Run("job-orphan", Job.Kind.JOB, "engineer", "grant-1", "shuyu_grant_1", "ws_grant_1", workspace,
                workspace.resolve("data/warehouse"), workspace.resolve("data/files"), jobs, List.of(), List.of("sleep"), Optional.empty(),
                "runtime-token", "salt"), () -> true, pid -> {
                    System.out.println("PID " + pid);
                    System.out.flush();
                });
        Thread.sleep(Duration.ofMinutes(5).toMillis());
    }
}
