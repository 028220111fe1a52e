package org.shuyu.controller.adapter.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.shuyu.controller.job.JobLauncher;
import org.shuyu.runtime.contract.RuntimeFiles;
import org.shuyu.runtime.contract.RuntimeLaunch;

/**
 * The child JVM of one run: the runtime's main class with a memory limit, the JVM options of the contract, the parent
 * watch, its temporary files in the job directory, stdout and stderr appended to the job's log, and a scrubbed
 * environment holding only the job's own credential and salt.
 */
final class RuntimeCommand {
    private RuntimeCommand() {}

    static ProcessBuilder builder(JobLauncher.Run run, Path dir, Path config, String memory, List<String> jvmOptions, String classpath) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + memory);
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-Djava.io.tmpdir=" + dir.resolve("tmp"));
        command.add("-Duser.timezone=Asia/Shanghai");
        command.add(RuntimeLaunch.PARENT_WATCH);
        command.addAll(RuntimeLaunch.jvmOptions());
        command.addAll(jvmOptions); // -XX: options only (SandboxProperties.Jobs)
        command.add("-cp");
        command.add(classpath);
        command.add(RuntimeLaunch.MAIN_CLASS);
        command.add(config.toString());
        // stdin stays a pipe (the default): its write end is held by the launcher alone (LocalJobLauncher's comment).
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(RuntimeFiles.LOG).toFile()));
        Map<String, String> env = builder.environment();
        Map<String, String> keep = new LinkedHashMap<>();
        for (String name : List.of("PATH", "LANG", "LC_ALL", "TZ")) {
            Optional.ofNullable(env.get(name)).ifPresent(v -> keep.put(name, v));
        }
        env.clear(); // nothing of the controller's environment (database passwords, tokens) reaches the job
        env.putAll(keep);
        env.put("HOME", dir.toString());
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put(RuntimeLaunch.TOKEN_ENV, run.runtimeToken());
        env.put(RuntimeLaunch.MASK_SALT_ENV, run.maskSalt());
        return builder;
    }
}
