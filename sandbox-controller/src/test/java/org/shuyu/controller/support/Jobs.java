package org.shuyu.controller.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shuyu.controller.support.LifecycleFixture.ok;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Job specs and waiting for jobs through the API, for tests that run real jobs. */
public final class Jobs {
    private Jobs() {}

    /** A job spec {@code {"name": ..., "steps": [{"sql": ...}, ...]}}. */
    public static Map<String, Object> spec(String name, String... steps) {
        List<Map<String, String>> list = new ArrayList<>();
        for (String step : steps) {
            list.add(Map.of("sql", step));
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", name);
        spec.put("steps", list);
        return spec;
    }

    /** Submits a job as {@code user} and returns its id (202, queued or running). */
    public static String submit(Api api, String user, String workspace, Map<String, Object> spec) {
        Api.Response response = api.post(user, "/api/v1/workspaces/" + workspace + "/jobs", spec);
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(response.json().path("state").asString()).isIn("QUEUED", "RUNNING");
        return response.json().path("id").asString();
    }

    /** Waits up to 5 minutes for the job to finish and returns it; fails with its log if it does not. */
    public static JsonNode await(Api api, String user, String jobId) {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = ok(api.get(user, "/api/v1/jobs/" + jobId)).json();
            String state = job.path("state").asString();
            if (!state.equals("QUEUED") && !state.equals("RUNNING")) {
                return job;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("job " + jobId + " did not finish: " + api.get(user, "/api/v1/jobs/" + jobId + "/log").text());
    }
}
