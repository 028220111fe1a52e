package org.shuyu.controller.adapter.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.support.MutableClock;

/** The development issuer's device flow and refresh tokens in memory, with a clock the test moves. */
class DeviceFlowTest {
    private final MutableClock clock = new MutableClock();
    private final DeviceFlow flow = new DeviceFlow(clock, Duration.ofMinutes(10), 5, Duration.ofHours(8));

    @Test
    void userCodesAreShortAndUnambiguous() {
        for (int i = 0; i < 200; i++) {
            String code = flow.authorize("shuyu-cli", "openid").orElseThrow().userCode();
            assertThat(code).matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}");
        }
    }

    @Test
    void pendingThenApprovedThenSpent() {
        DeviceFlow.Authorization a = flow.authorize("shuyu-cli", "openid").orElseThrow();
        assertThat(refused(flow.poll(a.deviceCode(), "shuyu-cli"))).isEqualTo("authorization_pending");
        // typed in lower case without the dash: still the same code
        String typed = a.userCode().toLowerCase().replace("-", " ");
        assertThat(flow.pending(typed)).isPresent();
        assertThat(flow.approve(typed, "engineer")).isEqualTo(DeviceFlow.Decision.DONE);
        assertThat(flow.approve(a.userCode(), "admin")).isEqualTo(DeviceFlow.Decision.ALREADY_USED);
        assertThat(flow.pending(a.userCode())).isEmpty();

        DeviceFlow.Poll poll = flow.poll(a.deviceCode(), "shuyu-cli");
        assertThat(poll).isEqualTo(new DeviceFlow.Poll.Approved("engineer", "openid"));
        assertThat(refused(flow.poll(a.deviceCode(), "shuyu-cli"))).isEqualTo("invalid_grant");
    }

    @Test
    void aDeviceCodeIsBoundToItsClient() {
        DeviceFlow.Authorization a = flow.authorize("shuyu-cli", null).orElseThrow();
        flow.approve(a.userCode(), "admin");
        assertThat(refused(flow.poll(a.deviceCode(), "other-client"))).isEqualTo("invalid_grant");
        assertThat(flow.poll(a.deviceCode(), "shuyu-cli")).isInstanceOf(DeviceFlow.Poll.Approved.class);
    }

    @Test
    void deniedIsAccessDeniedOnce() {
        DeviceFlow.Authorization a = flow.authorize("shuyu-cli", null).orElseThrow();
        assertThat(flow.deny(a.userCode())).isEqualTo(DeviceFlow.Decision.DONE);
        assertThat(refused(flow.poll(a.deviceCode(), "shuyu-cli"))).isEqualTo("access_denied");
        assertThat(refused(flow.poll(a.deviceCode(), "shuyu-cli"))).isEqualTo("invalid_grant");
    }

    @Test
    void pollingTooFastIsSlowDownAndTheIntervalGrows() {
        DeviceFlow.Authorization a = flow.authorize("shuyu-cli", null).orElseThrow();
        assertThat(refused(flow.poll(a.deviceCode(), "shuyu-cli"))).isEqualTo("authorization_pending");
        clock.advance(Duration.ofSeconds(2));
        assertThat(refused(flow.poll(a.deviceCode(), "shuyu-cli"))).isEqualTo("slow_down");
        // the interval is now 10 s: 6 s later is still too fast (and it grows to 15 s); 16 s later is fine
        clock.advance(Duration.ofSeconds(6));
        assertThat(refused(flow.poll(a.deviceCode(), "shuyu-cli"))).isEqualTo("slow_down");
        clock.advance(Duration.ofSeconds(16));
        assertThat(refused(flow.poll(a.deviceCode(), "shuyu-cli"))).isEqualTo("authorization_pending");
    }

    @Test
    void anExpiredCodeCanBeNeitherApprovedNorPolled() {
        DeviceFlow.Authorization a = flow.authorize("shuyu-cli", null).orElseThrow();
        assertThat(a.expiresIn()).isEqualTo(600);
        clock.advance(Duration.ofMinutes(10));
        assertThat(refused(flow.poll(a.deviceCode(), "shuyu-cli"))).isEqualTo("expired_token");
        assertThat(flow.approve(a.userCode(), "admin")).isEqualTo(DeviceFlow.Decision.UNKNOWN);

        DeviceFlow.Authorization b = flow.authorize("shuyu-cli", null).orElseThrow();
        flow.approve(b.userCode(), "admin");
        clock.advance(Duration.ofMinutes(11));
        assertThat(flow.poll(b.deviceCode(), "shuyu-cli")).isNotInstanceOf(DeviceFlow.Poll.Approved.class);
    }

    @Test
    void refreshTokensRotateExpireAndAreBoundToTheirClient() {
        String first = flow.issueRefreshToken("engineer", "shuyu-cli", "openid");
        assertThat(flow.redeemRefreshToken(first, "shuyu-cli")).contains(new DeviceFlow.Poll.Approved("engineer", "openid"));
        assertThat(flow.redeemRefreshToken(first, "shuyu-cli")).as("rotated: used once").isEmpty();

        String second = flow.issueRefreshToken("engineer", "shuyu-cli", "openid");
        assertThat(flow.redeemRefreshToken(second, "another")).isEmpty();

        String third = flow.issueRefreshToken("engineer", "shuyu-cli", "openid");
        clock.advance(Duration.ofHours(8));
        assertThat(flow.redeemRefreshToken(third, "shuyu-cli")).isEmpty();

        assertThat(flow.redeemRefreshToken(null, "shuyu-cli")).isEmpty();
    }

    private static String refused(DeviceFlow.Poll poll) {
        assertThat(poll).isInstanceOf(DeviceFlow.Poll.Refused.class);
        return ((DeviceFlow.Poll.Refused) poll).error();
    }
}
