package org.shuyu.controller.job;

import java.util.List;
import java.util.regex.Pattern;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;

/**
 * What an engineer asks the workspace to run: a name and ordered Spark SQL steps. The runtime enforces
 * access on every statement; this type only checks the shape.
 */
public record JobSpec(String name, List<String> steps) {
    public static final int MAX_STEPS = 50;
    public static final int MAX_STEP_CHARS = 100_000;
    /** All steps together; the stored spec (a JSON array, at most six characters per escaped one) must fit its column. */
    public static final int MAX_SPEC_CHARS = 100_000;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    public JobSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw invalid("name must be 1-100 characters of lowercase letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (steps == null || steps.isEmpty()) {
            throw invalid("a job needs at least one step");
        }
        if (steps.size() > MAX_STEPS) {
            throw invalid("a job has at most " + MAX_STEPS + " steps, got " + steps.size());
        }
        for (int i = 0; i < steps.size(); i++) {
            String step = steps.get(i);
            if (step == null || step.isBlank()) {
                throw invalid("step " + (i + 1) + " has no SQL");
            }
            if (step.length() > MAX_STEP_CHARS) {
                throw invalid("step " + (i + 1) + " is longer than " + MAX_STEP_CHARS + " characters");
            }
        }
        long total = steps.stream().mapToLong(String::length).sum();
        if (total > MAX_SPEC_CHARS) {
            throw invalid("the steps together are " + total + " characters; at most " + MAX_SPEC_CHARS);
        }
        steps = List.copyOf(steps);
    }

    private static SandboxException invalid(String message) {
        return new SandboxException(ErrorCode.INVALID_JOB_SPEC, message);
    }
}
