package org.shuyu.controller.adapter.notification;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.shuyu.controller.notification.Notice;
import org.shuyu.controller.notification.Recipient;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * Sends each notice as a plain-text mail (production; docs/notifications.md) to the addresses configured for its
 * recipient: {@code sandbox.notifications.mail-users.<user id>} or {@code mail-roles.<ROLE>-<jurisdiction>}. A
 * recipient without an address is not this channel's ({@link #accepts}). The mail says what the notice says: kind,
 * subject, summary, due, and the notice id.
 */
public class MailChannel implements NoticeChannel {
    private final JavaMailSender sender;
    private final String from;
    private final Map<String, List<String>> users = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, List<String>> roles = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    public MailChannel(JavaMailSender sender, String from, Map<String, List<String>> users, Map<String, List<String>> roles) {
        this.sender = requireNonNull(sender, "sender is null");
        this.from = requireNonNull(from, "from is null");
        this.users.putAll(users);
        this.roles.putAll(roles);
    }

    @Override
    public String name() {
        return "mail";
    }

    List<String> addresses(Recipient recipient) {
        List<String> found = null;
        if (recipient instanceof Recipient.User u) {
            found = users.get(u.userId());
        } else if (recipient instanceof Recipient.Holders h) {
            found = roles.get(h.role().name() + "-" + h.jurisdiction().code());
        }
        return found == null ? List.of() : found.stream().map(String::strip).filter(a -> !a.isEmpty()).toList();
    }

    @Override
    public boolean accepts(OutgoingNotice notice) {
        return !addresses(notice.notice().recipient()).isEmpty();
    }

    @Override
    public void deliver(OutgoingNotice notice) throws DeliveryFailure {
        Notice n = notice.notice();
        SimpleMailMessage mail = new SimpleMailMessage();
        mail.setFrom(from);
        mail.setTo(addresses(n.recipient()).toArray(String[]::new));
        mail.setSubject("[Shuyu] " + n.kind() + " " + n.subjectType() + " " + n.subjectId());
        mail.setText(n.summary() + "\n\n"
                + n.due().map(d -> "Due: " + d + "\n").orElse("")
                + "Subject: " + n.subjectType() + " " + n.subjectId() + "\n"
                + "Notice id: " + notice.id() + " (sent at least once; the same id is the same notice)\n");
        try {
            sender.send(mail);
        } catch (MailException e) {
            throw new DeliveryFailure("mail not sent: " + e.getClass().getSimpleName(), network(e));
        }
    }

    /** Whether the mail server could not be reached (a network failure somewhere in the causes). */
    private static boolean network(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "mail from " + from;
    }
}
