-- Read marks of notices (docs/notifications.md), per user: a notice to the holders of a role in a jurisdiction is
-- shared by several people, and each of them reads it on their own. A row says that user_id has read the notice; the
-- inbox's unread filter and count are the notices visible to the caller without a row of theirs. (For a notice to one
-- user, V23's notifications.read_at is also set on its first read.)
CREATE TABLE notification_reads (
    notification_id BIGINT                   NOT NULL REFERENCES notifications (id),
    user_id         VARCHAR(128)             NOT NULL,
    read_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (notification_id, user_id)
);

CREATE INDEX notification_reads_user ON notification_reads (user_id, notification_id);
