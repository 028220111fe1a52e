# shellcheck shell=bash
# Part 05 (docs/notifications.md): every persona's to-do list and inbox. Each workflow's TodoSource says what waits for
# whom (overdue first, then by due date); notices to a user or to the holders of a role in a jurisdiction are read
# per user; a notice that is not the caller's cannot be marked (NOTIFICATION_NOT_FOUND). Delivery to a webhook or by
# mail is configured by sandbox.notifications.* and runs on the leader; in the demo nothing is configured, so notices
# stay in the inbox (delivery_state NONE).

step "to-do lists and inboxes (issue 20, item 6): what waits for whom, notices per role and jurisdiction"
as expert api /api/v1/todos
as admin api /api/v1/todos
as applicant api /api/v1/todos
as admin api "/api/v1/notifications?limit=5"
as admin api /api/v1/notifications/unread-count
NOTICE=$(as admin api "/api/v1/notifications?unread=true&limit=1" \
  | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d[0]["id"] if d else "")')
if [ -n "$NOTICE" ]; then
  as admin api -X POST "/api/v1/notifications/$NOTICE/read"
  as admin api /api/v1/notifications/unread-count
  refused as applicant api -X POST "/api/v1/notifications/$NOTICE/read"   # not the applicant's notice
fi
refused as applicant api -X POST /api/v1/notifications/0/read
