package org.shuyu.controller.adapter.identity;

import java.nio.charset.StandardCharsets;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Optional;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The development issuer's verification page (RFC 8628 section 3.3): {@code GET /dev/device} shows a form to enter
 * or confirm the user code the CLI printed and to pick a demo user; {@code POST /dev/device} (form {@code user_code},
 * {@code username}, {@code action} approve|deny) decides it. Plain HTML, Chinese first with English, no script.
 * A browser (Accept: text/html) gets an HTML answer; any other client gets JSON or problem+json with a stable code
 * ({@code USER_CODE_UNKNOWN}, {@code USER_CODE_USED}, {@code UNKNOWN_USER}). Embedded mode only, like {@code /dev/token}:
 * there is no password because every demo user is open to whoever runs the embedded controller.
 */
@Hidden
@RestController
@ConditionalOnProperty(name = "sandbox.identity.allow-insecure-dev-issuer", havingValue = "true")
class DevDeviceController {
    private final DeviceFlow flow;

    DevDeviceController(DeviceFlow flow) {
        this.flow = flow;
    }

    /** What a non-browser client gets after a decision. */
    record DeviceDecision(String userCode, String action, String username) {}

    @GetMapping(path = "/dev/device", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> page(@RequestParam(name = "user_code", required = false) String userCode) {
        Optional<DeviceFlow.Pending> pending = userCode == null ? Optional.empty() : flow.pending(userCode);
        String body;
        if (pending.isPresent()) {
            body = confirmForm(pending.get());
        } else {
            String notice = userCode == null ? ""
                    : "<p role=\"alert\" class=\"error\">用户码无效或已过期。 The user code is unknown or has expired.</p>";
            body = notice + entryForm(userCode);
        }
        return html(HttpStatus.OK, "登录 shuyu 命令行 · Log in to the shuyu CLI", body);
    }

    @PostMapping(path = "/dev/device")
    ResponseEntity<?> decide(HttpServletRequest request) throws IOException {
        boolean browser = Optional.ofNullable(request.getHeader("Accept")).orElse("").contains("text/html");
        FormBody form;
        try {
            form = FormBody.read(request);
        } catch (IllegalArgumentException e) {
            return refuse(browser, HttpStatus.BAD_REQUEST, ErrorCode.INVALID_REQUEST, e.getMessage());
        }
        String userCode = form.get("user_code");
        String action = Optional.ofNullable(form.get("action")).orElse("approve");
        String username = form.get("username");
        if (userCode == null) {
            return refuse(browser, HttpStatus.BAD_REQUEST, ErrorCode.INVALID_REQUEST, "user_code is required");
        }
        if (!action.equals("approve") && !action.equals("deny")) {
            return refuse(browser, HttpStatus.BAD_REQUEST, ErrorCode.INVALID_REQUEST, "action must be approve or deny");
        }
        DeviceFlow.Decision decision;
        if (action.equals("approve")) {
            if (username == null || DemoUsers.find(username).isEmpty()) {
                return refuse(browser, HttpStatus.BAD_REQUEST, ErrorCode.UNKNOWN_USER,
                        "no demo user '" + Optional.ofNullable(username).orElse("") + "'; known: "
                                + DemoUsers.ALL.stream().map(DemoUsers.DemoUser::username).toList());
            }
            decision = flow.approve(userCode, username);
        } else {
            decision = flow.deny(userCode);
        }
        switch (decision) {
            case UNKNOWN:
                return refuse(browser, HttpStatus.NOT_FOUND, ErrorCode.USER_CODE_UNKNOWN,
                        "the user code is unknown or has expired; start 'shuyu login' again");
            case ALREADY_USED:
                return refuse(browser, HttpStatus.CONFLICT, ErrorCode.USER_CODE_USED,
                        "the user code was already approved or denied");
            default:
                break;
        }
        String code = DeviceFlow.normalize(userCode);
        if (!browser) {
            return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                    .body(new DeviceDecision(code, action, action.equals("approve") ? username : null));
        }
        String message = action.equals("approve")
                ? "<p role=\"status\">已批准：命令行现在以 <strong>" + HtmlUtils.htmlEscape(username)
                        + "</strong> 登录，可关闭此页。</p><p>Approved: the CLI is now logged in as <strong>"
                        + HtmlUtils.htmlEscape(username) + "</strong>. You can close this page.</p>"
                : "<p role=\"status\">已拒绝登录请求。</p><p>The login request was denied.</p>";
        return html(HttpStatus.OK, "完成 · Done", message);
    }

    private ResponseEntity<?> refuse(boolean browser, HttpStatus status, ErrorCode code, String detail) {
        if (!browser) {
            throw new SandboxException(code, detail);
        }
        String body = "<p role=\"alert\" class=\"error\">" + HtmlUtils.htmlEscape(detail) + " (" + code.name() + ")</p>"
                + entryForm(null);
        return html(status, "出错了 · Something went wrong", body);
    }

    private static String entryForm(String typed) {
        return """
                <form method="get" action="/dev/device">
                  <p><label for="user_code">输入命令行显示的用户码 · Enter the user code the CLI shows</label></p>
                  <p><input id="user_code" name="user_code" autocomplete="off" autocapitalize="characters"
                            placeholder="BDFG-HJKL" required value="%s"></p>
                  <p><button type="submit">继续 · Continue</button></p>
                </form>
                """.formatted(typed == null ? "" : HtmlUtils.htmlEscape(typed));
    }

    private static String confirmForm(DeviceFlow.Pending pending) {
        StringBuilder options = new StringBuilder();
        for (DemoUsers.DemoUser user : DemoUsers.ALL) {
            options.append("<option value=\"").append(HtmlUtils.htmlEscape(user.username())).append("\">")
                    .append(HtmlUtils.htmlEscape(user.username())).append(" — ")
                    .append(HtmlUtils.htmlEscape(user.name())).append("</option>\n");
        }
        return """
                <p>请确认此用户码与命令行显示的一致：<br>Check that this code is the one the CLI shows:</p>
                <p class="code">%s</p>
                <form method="post" action="/dev/device">
                  <input type="hidden" name="user_code" value="%s">
                  <p><label for="username">以哪个演示用户登录 · Log in as which demo user</label></p>
                  <p><select id="username" name="username">
                %s</select></p>
                  <p><button type="submit" name="action" value="approve">批准 · Approve</button>
                     <button type="submit" name="action" value="deny">拒绝 · Deny</button></p>
                </form>
                <p class="note">开发签发方：仅限嵌入模式，演示用户无需密码。<br>
                Development issuer: embedded mode only; demo users need no password.</p>
                """.formatted(HtmlUtils.htmlEscape(pending.userCode()), HtmlUtils.htmlEscape(pending.userCode()), options);
    }

    private static ResponseEntity<String> html(HttpStatus status, String title, String body) {
        String page = """
                <!DOCTYPE html>
                <html lang="zh-CN">
                <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <style>body{font-family:sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
                .code{font-family:monospace;font-size:2rem;letter-spacing:.2rem}.error{color:#a40000}
                input,select,button{font-size:1rem;padding:.4rem}.note{color:#555;font-size:.9rem}</style></head>
                <body><main><h1>%s</h1>
                %s</main></body></html>
                """.formatted(HtmlUtils.htmlEscape(title), HtmlUtils.htmlEscape(title), body);
        return ResponseEntity.status(status).cacheControl(CacheControl.noStore())
                .contentType(new MediaType("text", "html", StandardCharsets.UTF_8)).body(page);
    }
}
