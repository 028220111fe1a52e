package org.shuyu.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

/** Ranger engines loaded with the demo state's three workspace services. */
final class DemoEngines implements AutoCloseable {
    RangerEngine grant;
    RangerEngine lab;
    RangerEngine suspended;

    void start(Map<String, ServicePolicySet> services) {
        grant = load(services, "shuyu_grant_ab12");
        lab = load(services, "shuyu_lab_cd34");
        suspended = load(services, "shuyu_grant_ef56");
    }

    private static RangerEngine load(Map<String, ServicePolicySet> services, String service) {
        RangerEngine engine = RangerEngine.load(service,
                services.get(service).toJson(DemoState.VERSION, DemoState.UPDATE_TIME));
        assertThat(engine.policyVersion()).as("policies of %s loaded", service).isEqualTo(DemoState.VERSION);
        return engine;
    }

    @Override
    public void close() {
        for (RangerEngine engine : new RangerEngine[] {grant, lab, suspended}) {
            if (engine != null) {
                engine.close();
            }
        }
    }
}
