package org.shuyu.controller.error;

import static java.util.Objects.requireNonNull;

/**
 * Every error the controller reports, with a stable name and number (controller range 1xxx and 2xxx).
 * Numbers are never reused; a retired code stays here as a comment.
 *
 * <p>Why this class is long: it is the one list of the contract's codes, grouped by feature in number ranges; splitting
 * it would let two features take the same number without one file showing it.
 */
public enum ErrorCode {
    // 1000-1049: request and identity
    INVALID_REQUEST(1000, ErrorCategory.INVALID_INPUT),
    MALFORMED_BODY(1001, ErrorCategory.INVALID_INPUT),
    UNAUTHENTICATED(1010, ErrorCategory.UNAUTHENTICATED),
    FORBIDDEN_ROLE(1011, ErrorCategory.FORBIDDEN),
    OUTSIDE_JURISDICTION(1012, ErrorCategory.FORBIDDEN),
    NOT_ACCOUNTABLE_PERSON(1013, ErrorCategory.FORBIDDEN),
    UNKNOWN_USER(1014, ErrorCategory.INVALID_INPUT),
    NOT_FOUND(1020, ErrorCategory.NOT_FOUND),
    METHOD_NOT_ALLOWED(1021, ErrorCategory.INVALID_INPUT),
    UNSUPPORTED_MEDIA_TYPE(1022, ErrorCategory.INVALID_INPUT),
    ALREADY_EXISTS(1030, ErrorCategory.CONFLICT),
    /** A unified social credit code (GB 32100-2015) that is malformed or fails its check character. */
    INVALID_USCC(1045, ErrorCategory.INVALID_INPUT),
    /** A period whose end is not after its start. */
    INVALID_PERIOD(1046, ErrorCategory.INVALID_INPUT),

    // 1050-1099: catalog
    UNKNOWN_DATASET(1050, ErrorCategory.RULE_VIOLATION),
    PROHIBITED_DATASET(1051, ErrorCategory.RULE_VIOLATION),
    UNKNOWN_PROVIDER(1052, ErrorCategory.RULE_VIOLATION),
    INVALID_SCHEMA(1053, ErrorCategory.INVALID_INPUT),
    INVALID_DATASET_ID(1054, ErrorCategory.INVALID_INPUT),
    DUPLICATE_COLUMN(1055, ErrorCategory.INVALID_INPUT),
    SUBJECT_COLUMN_MISSING(1056, ErrorCategory.INVALID_INPUT),
    GRADE_BELOW_CLASSIFICATION(1057, ErrorCategory.INVALID_INPUT),

    // 1100-1199: grant life cycle
    ILLEGAL_TRANSITION(1100, ErrorCategory.CONFLICT),
    TERM_TOO_LONG(1101, ErrorCategory.RULE_VIOLATION),
    MATERIALS_INCOMPLETE(1102, ErrorCategory.RULE_VIOLATION),
    LAB_REPORT_MISSING(1103, ErrorCategory.RULE_VIOLATION),
    REVIEW_INCOMPLETE(1104, ErrorCategory.RULE_VIOLATION),
    DELIBERATION_MISSING(1105, ErrorCategory.RULE_VIOLATION),
    WRONG_DECISION_LEVEL(1106, ErrorCategory.FORBIDDEN),
    EMERGENCY_PLAN_MISSING(1107, ErrorCategory.RULE_VIOLATION),
    DECISION_REQUIRED(1108, ErrorCategory.RULE_VIOLATION),
    DEADLINE_INVALID(1109, ErrorCategory.RULE_VIOLATION),
    DEADLINE_PASSED(1110, ErrorCategory.CONFLICT),
    SCENARIO_TAKEN(1111, ErrorCategory.CONFLICT),
    FINANCIAL_PERIOD_INVALID(1112, ErrorCategory.RULE_VIOLATION),
    MATERIAL_ISSUED_BY_PLATFORM(1113, ErrorCategory.RULE_VIOLATION),
    GRANT_NOT_ACTIVE(1114, ErrorCategory.CONFLICT),
    // 1115 was MEMBER_INVALID: never used.
    UNKNOWN_ORGANIZATION(1116, ErrorCategory.RULE_VIOLATION),
    TERM_NOT_CURRENT(1117, ErrorCategory.RULE_VIOLATION),
    NOT_A_MEMBER(1118, ErrorCategory.FORBIDDEN),
    REVIEWER_CONFLICT(1119, ErrorCategory.FORBIDDEN),
    UNKNOWN_ANNOUNCEMENT(1120, ErrorCategory.RULE_VIOLATION),
    ANNOUNCEMENT_MISMATCH(1121, ErrorCategory.RULE_VIOLATION),

    // 1200-1249: audit
    AUDIT_UNAVAILABLE(1200, ErrorCategory.INTERNAL),
    AUDIT_QUERY_INVALID(1201, ErrorCategory.INVALID_INPUT),

    // 1400-1449: workspaces and jobs
    /** A job spec that is malformed: no steps, too many, an empty or oversized statement, unknown fields. */
    INVALID_JOB_SPEC(1400, ErrorCategory.INVALID_INPUT),
    /** The workspace exists but is not open for work (closed, torn down, or still provisioning). */
    WORKSPACE_NOT_READY(1401, ErrorCategory.CONFLICT),
    /** Cancelling a job that already finished. */
    JOB_ALREADY_FINISHED(1402, ErrorCategory.CONFLICT),
    /** The job runtime's enforcement refused a statement (Ranger, locked session, path confinement). */
    JOB_REFUSED(1403, ErrorCategory.RULE_VIOLATION),
    /** A synchronous job (result preview) failed for a reason other than a refusal. */
    JOB_FAILED(1404, ErrorCategory.RULE_VIOLATION),
    /** The job runtime cannot be started (no runtime installed, the launcher is shut down). */
    RUNTIME_UNAVAILABLE(1405, ErrorCategory.UNAVAILABLE),
    /** A table name that is not a plain lowercase identifier. */
    INVALID_TABLE_NAME(1406, ErrorCategory.INVALID_INPUT),

    // 1450-1499: consents and policies
    /** Consent recorded for a dataset that is not person-level. */
    NOT_PERSON_LEVEL(1450, ErrorCategory.RULE_VIOLATION),
    /** The job-runtime credential is missing, unknown, or for a job that no longer runs. */
    RUNTIME_CREDENTIAL_INVALID(1451, ErrorCategory.UNAUTHENTICATED),
    /** The job-runtime credential is valid but for another workspace's policy service. */
    RUNTIME_CREDENTIAL_SCOPE(1452, ErrorCategory.FORBIDDEN),
    // 1500-1519: Kubernetes workspaces and jobs
    /** The Kubernetes API could not be reached or answered with a server error; the reconciler retries. */
    KUBERNETES_UNAVAILABLE(1500, ErrorCategory.UNAVAILABLE),
    /** The Kubernetes API refused a call (forbidden, invalid object): the controller's RBAC or settings are wrong. */
    KUBERNETES_REFUSED(1501, ErrorCategory.INTERNAL),
    /** A workspace id that cannot be made into a namespace name or label. */
    INVALID_WORKSPACE_NAME(1502, ErrorCategory.INVALID_INPUT),
    // 1300-1399: personnel and identity provisioning
    /** A workspace member lacks one or more of the four vetting items of R-18; the message names them. */
    VETTING_INCOMPLETE(1300, ErrorCategory.FORBIDDEN),
    /** A vetting item that is not one of the four of R-18. */
    UNKNOWN_VETTING_ITEM(1301, ErrorCategory.INVALID_INPUT),

    // 1600-1649: lineage
    /** A lineage event from the job runtime that is malformed or does not fit its job (step, kind, phase order). */
    INVALID_LINEAGE_EVENT(1600, ErrorCategory.INVALID_INPUT),
    /** A lineage event naming a dataset outside the job's workspace and the catalog's sources. */
    LINEAGE_OUT_OF_SCOPE(1601, ErrorCategory.FORBIDDEN),
    /** A second, different START for a step whose lineage is already stored. */
    LINEAGE_CONFLICT(1602, ErrorCategory.CONFLICT),
    /** A lineage query that is malformed: no or two starting points, a bad name, direction or depth. */
    INVALID_LINEAGE_QUERY(1603, ErrorCategory.INVALID_INPUT),

    // 1700-1749: data products (airlock and delivery)
    /** A product candidate that is malformed (name, kind, table, group size column). */
    INVALID_PRODUCT(1700, ErrorCategory.INVALID_INPUT),
    /** The product is not LISTED (never was, or was delisted): nothing is delivered. */
    PRODUCT_NOT_LISTED(1701, ErrorCategory.CONFLICT),
    /** The caller named a scenario other than the product's approved scenario (R-21a). */
    SCENARIO_MISMATCH(1702, ErrorCategory.FORBIDDEN),
    /** A reviewer who wrote the product or belongs to its operator (self-review, same-operator review). */
    REVIEWER_NOT_INDEPENDENT(1703, ErrorCategory.FORBIDDEN),
    /** The same expert reviewing the same product version twice. */
    ALREADY_REVIEWED(1704, ErrorCategory.CONFLICT),
    /** A listing refused because a release of the grant would now isolate fewer than k subjects. */
    DIFFERENCING_RISK(1705, ErrorCategory.RULE_VIOLATION),
    /** The product's kind is delivered through another channel (a package is downloaded, an interface is served over Flight). */
    WRONG_DELIVERY_CHANNEL(1706, ErrorCategory.INVALID_INPUT),
    /** The snapshot of a candidate could not be taken (the table is too large, missing, or the job failed). */
    SNAPSHOT_FAILED(1707, ErrorCategory.RULE_VIOLATION),
    /** A snapshot file that cannot be read back (missing, truncated or altered). */
    SNAPSHOT_UNREADABLE(1708, ErrorCategory.INTERNAL),
    /** An illegal step in the product's airlock (for example listing a product that is not approved). */
    ILLEGAL_PRODUCT_TRANSITION(1709, ErrorCategory.CONFLICT),
    /** A delivery in progress was stopped: the product was delisted, or its grant ended or was suspended. */
    DELIVERY_STOPPED(1710, ErrorCategory.FORBIDDEN),
    /** A Flight client that read nothing for too long; the call was ended to free the stream. */
    CLIENT_STALLED(1711, ErrorCategory.UNAVAILABLE),

    // 1750-1769: interactive sessions and statements (issue 16, docs/sessions.md)
    /** The session is closed (by its member, idle time, or closed access) or does not accept statements. */
    SESSION_CLOSED(1750, ErrorCategory.CONFLICT),
    /** A member acted on another member's session (sessions are personal: own views, own settings). */
    SESSION_NOT_OWNED(1751, ErrorCategory.FORBIDDEN),
    /** The workspace's engine is waiting for capacity (admission queue); the session opens when it is admitted. */
    SESSION_QUEUED(1752, ErrorCategory.CONFLICT),
    /** A statement request that is not valid: blank or too long SQL, maxRows outside 1 to the preview cap, a bad wait. */
    INVALID_STATEMENT(1753, ErrorCategory.INVALID_INPUT),
    /** Cancelling a statement that already ended. */
    STATEMENT_ALREADY_ENDED(1754, ErrorCategory.CONFLICT),
    /** The workspace engine could not be reached or refused the call; retrying later may succeed. */
    SESSION_ENGINE_UNAVAILABLE(1755, ErrorCategory.UNAVAILABLE),
    /** An engine call to the controller without the valid credential of a running engine (or of another engine). */
    SESSION_ENGINE_CREDENTIAL(1756, ErrorCategory.UNAUTHENTICATED),
    /** An engine named a session of another workspace, or a member other than the session's. */
    SESSION_ENGINE_MISMATCH(1757, ErrorCategory.FORBIDDEN),
    /** A member already holds the most open sessions a member may hold in a workspace. */
    SESSION_LIMIT(1758, ErrorCategory.RULE_VIOLATION),
    /** An outcome for a statement that is not a STATEMENT job, or a malformed outcome body. */
    INVALID_STATEMENT_OUTCOME(1759, ErrorCategory.INVALID_INPUT),
    // 1770-1779: warm workspace engines (issue 16)
    /** The workspace's engine could not be started, did not become ready in time, or is gone; retrying may succeed. */
    ENGINE_UNAVAILABLE(1770, ErrorCategory.UNAVAILABLE),
    /** The workspace's engine waits for capacity (admission); the message names the queue position. */
    ENGINE_QUEUED(1771, ErrorCategory.UNAVAILABLE),
    /** The engine answered with a server error or a body that breaks the runtime contract. */
    ENGINE_FAILED(1772, ErrorCategory.INTERNAL),
    /** The engine refused a control request as invalid (its own code is in the message). */
    ENGINE_REJECTED(1773, ErrorCategory.INVALID_INPUT),
    /** The engine refused a control request in its current state (a session id of another user, a finished run). */
    ENGINE_CONFLICT(1774, ErrorCategory.CONFLICT),
    /** The engine credential at {@code /service/**} is missing, unknown, or of an engine that no longer runs. */
    ENGINE_CREDENTIAL_INVALID(1775, ErrorCategory.UNAUTHENTICATED),
    /** The engine credential is valid but for another workspace's policy service or engine. */
    ENGINE_CREDENTIAL_SCOPE(1776, ErrorCategory.FORBIDDEN),
    // 1790-1799: the Spark Connect front door (adapter/connect, docs/connect.md)
    /** A Spark Connect call without the {@code x-shuyu-workspace} header, or with a malformed workspace id. */
    CONNECT_WORKSPACE_REQUIRED(1790, ErrorCategory.INVALID_INPUT),
    /** A Spark Connect request without a well-formed {@code session_id} (field 1 of every request), or not parseable. */
    CONNECT_SESSION_ID_REQUIRED(1791, ErrorCategory.INVALID_INPUT),
    /** A later message of a streaming Spark Connect call names another {@code session_id} than its first message. */
    CONNECT_SESSION_MISMATCH(1792, ErrorCategory.FORBIDDEN),
    /** The member already has as many Spark Connect calls in flight as the platform allows. */
    CONNECT_TOO_MANY_CALLS(1793, ErrorCategory.UNAVAILABLE),
    /** A Spark Connect call ended by the platform because its session was closed (revocation, removal, expiry). */
    CONNECT_SESSION_CLOSED(1794, ErrorCategory.FORBIDDEN),
    /** The route to the workspace engine could not be resolved for a reason that is not a refusal (a platform fault). */
    CONNECT_ROUTE_FAILED(1795, ErrorCategory.INTERNAL),
    // 1780-1789: admission of workspace engines by capacity and per-operator quota (issue 16, docs/admission.md)
    /** A compute request that can never be admitted: more cores or memory than the capacity or the operator's quota. */
    ADMISSION_REQUEST_TOO_LARGE(1780, ErrorCategory.RULE_VIOLATION),
    /** An admission request id this controller does not know (never made, already released, or of an earlier process). */
    ADMISSION_REQUEST_UNKNOWN(1781, ErrorCategory.NOT_FOUND),
    /** An admission request that was cancelled, or dropped from the queue because it can no longer fit its quota. */
    ADMISSION_REQUEST_DROPPED(1782, ErrorCategory.CONFLICT),
    /** A compute quota with a negative number or a number out of range. */
    INVALID_QUOTA(1783, ErrorCategory.INVALID_INPUT),
    /** A compute quota above the platform's capacity (cores or memory): it could never be used. */
    QUOTA_ABOVE_CAPACITY(1784, ErrorCategory.INVALID_INPUT),
    /** The admission queue is full; retry later. */
    ADMISSION_QUEUE_FULL(1785, ErrorCategory.UNAVAILABLE),

    // 1810-1819: pages, versions and retries (issue 17, docs/api.md "Pages, versions and retries")
    /** A list request with a limit outside 1 to 1000, or a page token that is malformed, forged or of another list. */
    INVALID_PAGE(1810, ErrorCategory.INVALID_INPUT),
    /** An If-Match that does not match the object's current ETag: it changed since the caller read it (412). */
    PRECONDITION_FAILED(1811, ErrorCategory.PRECONDITION),
    /** An If-Match header that is not {@code *} or a list of quoted entity tags. */
    INVALID_PRECONDITION(1812, ErrorCategory.INVALID_INPUT),
    /** An Idempotency-Key already used by the caller for a different request (method, path or body). */
    IDEMPOTENCY_KEY_REUSED(1813, ErrorCategory.RULE_VIOLATION),
    /** An Idempotency-Key whose first request is still running; retry when it has finished. */
    IDEMPOTENCY_KEY_IN_USE(1814, ErrorCategory.CONFLICT),
    /** An Idempotency-Key that is empty, longer than 255 characters or not printable ASCII. */
    IDEMPOTENCY_KEY_INVALID(1815, ErrorCategory.INVALID_INPUT),
    // 1820-1839: strict input at the HTTP edge (issue 14)
    /**
     * A JSON field that is unknown, of the wrong JSON type (a number as a string, a string as a number, a boolean as
     * a string), fractional where an integer is expected, a null list element, a duplicate key, or text with NUL
     * (U+0000). The problem names the field path in {@code field}.
     */
    INVALID_FIELD(1820, ErrorCategory.INVALID_INPUT),
    /** A request body that is not valid UTF-8 (it is refused, never decoded with replacement characters). */
    INVALID_ENCODING(1821, ErrorCategory.INVALID_INPUT),
    /** A request body larger than the platform accepts (answered with 413). */
    PAYLOAD_TOO_LARGE(1822, ErrorCategory.INVALID_INPUT),
    /**
     * A request refused before it reached a controller: an encoded separator ({@code %2F}, {@code %5C}) or a {@code ;}
     * in the path, a malformed URI, headers too large, a malformed query string.
     */
    MALFORMED_REQUEST(1823, ErrorCategory.INVALID_INPUT),
    // 1830-1839: logging in from the CLI (issue 17, docs/identity.md); RFC 8628 errors on /dev/oauth/* use OAuth's shape
    /** The OIDC issuer's discovery document could not be fetched or read; the CLI cannot be told how to log in now. */
    OIDC_DISCOVERY_FAILED(1830, ErrorCategory.UNAVAILABLE),
    /** The user code entered on the development issuer's verification page is unknown or has expired. */
    USER_CODE_UNKNOWN(1831, ErrorCategory.NOT_FOUND),
    /** The user code was already approved or denied: each code is used once. */
    USER_CODE_USED(1832, ErrorCategory.CONFLICT),
    // 1840-1849: the airlock's checks by value
    /** A dataset's delivered files cannot be read or parsed, or lack a column of its schema; the check fails closed. */
    SOURCE_DATA_UNREADABLE(1840, ErrorCategory.INTERNAL),
    // 1850-1854: application material documents (issue 18, the console's pipeline)
    /** A material document larger than the platform stores (20 MB). */
    MATERIAL_DOCUMENT_TOO_LARGE(1850, ErrorCategory.RULE_VIOLATION),
    /** A material document upload with no bytes, or without a document name. */
    MATERIAL_DOCUMENT_EMPTY(1851, ErrorCategory.INVALID_INPUT),
    /** The material was recorded by name and hash only: the platform holds no document to download. */
    MATERIAL_DOCUMENT_MISSING(1852, ErrorCategory.NOT_FOUND),
    /** The stored document's bytes no longer match the SHA-256 recorded for the material; it is not served. */
    MATERIAL_DOCUMENT_TAMPERED(1853, ErrorCategory.INTERNAL),

    // 1860-1864: consent files and the provider's view of grants (issue 18, the console's provider pages)
    /** A consent file (CSV subjectId,granted,evidence) with a malformed line; the problem names the line, nothing is applied. */
    CONSENT_FILE_MALFORMED(1860, ErrorCategory.INVALID_INPUT),
    /** A consent file with more rows than one upload may apply. */
    CONSENT_FILE_TOO_LARGE(1861, ErrorCategory.INVALID_INPUT),
    /** A consent file with no data row (only the header, or nothing). */
    CONSENT_FILE_EMPTY(1862, ErrorCategory.INVALID_INPUT),
    /** A consent file that names the same subject on two lines: which one holds would depend on the order. */
    CONSENT_FILE_DUPLICATE_SUBJECT(1863, ErrorCategory.INVALID_INPUT),

    // 1865-1869: the console's workspace pages (issue 18)
    /** The controller cannot see the workspace's storage (Kubernetes provisioner), so it cannot list its tables. */
    WORKSPACE_TABLES_UNAVAILABLE(1865, ErrorCategory.UNAVAILABLE),

    // 1870-1874: the console's product pages (issue 18, docs/console-products.md)
    /** A candidate's data was asked for before its snapshot was taken (DRAFT, or the snapshot failed). */
    PRODUCT_NOT_FROZEN(1870, ErrorCategory.CONFLICT),

    // 2140-2159: lineage beyond the workspace (issue 19, lineage-reach; docs/lineage.md "Beyond the workspace")
    /** A product's lineage (freeze, listing, delivery) cannot be recorded: it is not listed or delivered without it. */
    PRODUCT_LINEAGE_MISSING(2140, ErrorCategory.CONFLICT),

    // 1900-1999: platform
    INTERNAL_ERROR(1900, ErrorCategory.INTERNAL),

    // 2040-2059: dataset data uploads and shared storage (issue 19, storage; docs/storage.md)
    /** An uploaded data file that is not RFC 4180 CSV in UTF-8, or a row with the wrong number of fields; the problem names the line. */
    DATASET_DATA_MALFORMED(2040, ErrorCategory.INVALID_INPUT),
    /** An uploaded data file whose header is not the registered schema's column names, in order. */
    DATASET_DATA_WRONG_HEADER(2041, ErrorCategory.INVALID_INPUT),
    /** An uploaded value that is not of its column's registered type; the problem names line, column and type, never the value. */
    DATASET_DATA_BAD_VALUE(2042, ErrorCategory.INVALID_INPUT),
    /** An uploaded data file larger than {@code sandbox.storage.max-upload-bytes}. */
    DATASET_DATA_TOO_LARGE(2043, ErrorCategory.INVALID_INPUT),
    /** An uploaded data file with a header but no row. */
    DATASET_DATA_EMPTY(2044, ErrorCategory.INVALID_INPUT),
    /** The caller is not the dataset's provider (a provider-role user of the provider's jurisdiction) nor the data authority. */
    NOT_DATASET_PROVIDER(2045, ErrorCategory.FORBIDDEN),
    /** The shared storage could not take the upload (disk full, volume not mounted); the previous data stays. */
    DATASET_DATA_STORAGE_FAILED(2046, ErrorCategory.UNAVAILABLE),

    // 2080-2099: bulk consents with a row report (issue 19 item 8, part "metrics"; docs/console-provider.md). The row
    // codes appear in the report of POST /datasets/{id}/consents/bulk?mode=partial, one per refused line.
    /** {@code mode} of a consent upload is neither {@code atomic} nor {@code partial}. */
    CONSENT_BULK_MODE_INVALID(2080, ErrorCategory.INVALID_INPUT),
    /** A consent line without exactly three fields (subjectId,granted,evidence). */
    CONSENT_ROW_FIELD_COUNT(2081, ErrorCategory.INVALID_INPUT),
    /** A consent line whose quoting is broken (an unclosed quote, text after a closing quote). */
    CONSENT_ROW_QUOTING(2082, ErrorCategory.INVALID_INPUT),
    /** A consent line whose subject id is not 1-200 letters, digits or . _ : / -. */
    CONSENT_ROW_SUBJECT_INVALID(2083, ErrorCategory.INVALID_INPUT),
    /** A consent line whose {@code granted} is not true or false. */
    CONSENT_ROW_GRANTED_INVALID(2084, ErrorCategory.INVALID_INPUT),
    /** A consent line whose evidence is empty or longer than 500 characters. */
    CONSENT_ROW_EVIDENCE_INVALID(2085, ErrorCategory.INVALID_INPUT),
    /** A subject named on more than one line: every such line is refused (which one holds would depend on order). */
    CONSENT_ROW_DUPLICATE_SUBJECT(2086, ErrorCategory.INVALID_INPUT),

    // --- issue 20, A: notifications and to-do (2160-2179): add constants below this line, each ending with a comma ---
    /** A notice id that is not one of the caller's notices (or not a notice at all): answered alike (docs/notifications.md). */
    NOTIFICATION_NOT_FOUND(2160, ErrorCategory.NOT_FOUND),
    /** A workflow's to-do source failed: the list is not answered incomplete; the detail names the source. */
    TODO_SOURCE_FAILED(2161, ErrorCategory.UNAVAILABLE),

    // --- issue 20, B: R-08 single channel and the exchange (2180-2199): add constants below this line, each ending with a comma ---
    /** A recommendation to an exchange of a product that is not (or no longer) listed. */
    EXCHANGE_PRODUCT_NOT_LISTED(2180, ErrorCategory.CONFLICT),
    /** An event the exchange recommendation's state does not accept (ExchangeLifecycle). */
    ILLEGAL_EXCHANGE_TRANSITION(2181, ErrorCategory.CONFLICT),
    /** The product already has an open (not yet answered) recommendation to the same exchange. */
    EXCHANGE_RECOMMENDATION_OPEN(2182, ErrorCategory.CONFLICT),
    /** A missing, too long or malformed field of an exchange recommendation (exchange, note, reason, registration number). */
    EXCHANGE_INPUT_INVALID(2183, ErrorCategory.INVALID_INPUT),

    // --- issue 20, C: R-19c own data import (2200-2219): add constants below this line, each ending with a comma ---
    /** An own-data import's state does not accept the action (withdraw after a decision, upload twice ...). */
    ILLEGAL_OWN_DATA_TRANSITION(2200, ErrorCategory.CONFLICT),
    /** The declared import (source, legal basis, purpose, table name, columns) is incomplete or malformed. */
    OWN_DATA_INVALID_DECLARATION(2201, ErrorCategory.INVALID_INPUT),
    /** The file's header is not the declared columns in order. */
    OWN_DATA_WRONG_HEADER(2202, ErrorCategory.INVALID_INPUT),
    /** A value does not parse as its declared column's type (line and column named, never the value). */
    OWN_DATA_BAD_VALUE(2203, ErrorCategory.INVALID_INPUT),
    /** The file is not UTF-8 CSV with one record per row as declared (field count, line length, encoding, empty). */
    OWN_DATA_MALFORMED(2204, ErrorCategory.INVALID_INPUT),
    /** The file is larger than the byte cap or has more rows than the row cap. */
    OWN_DATA_TOO_LARGE(2205, ErrorCategory.INVALID_INPUT),
    /** A column not declared identifying holds values of an identifying pattern (column and pattern named). */
    OWN_DATA_UNDECLARED_IDENTIFYING(2206, ErrorCategory.RULE_VIOLATION),
    /** Only the data authority of the grant's jurisdiction decides an import. */
    NOT_OWN_DATA_REVIEWER(2207, ErrorCategory.FORBIDDEN),
    /** The received file could not be stored. */
    OWN_DATA_STORAGE_FAILED(2208, ErrorCategory.UNAVAILABLE),
    /** The grant's workspace already has an import (not rejected or withdrawn) of that table name. */
    OWN_DATA_TABLE_TAKEN(2209, ErrorCategory.CONFLICT),

    // --- issue 20, D: R-20 quality requests (2220-2239): add constants below this line, each ending with a comma ---
    /** The quality request's state does not accept this action (docs/quality-requests.md). */
    QUALITY_ILLEGAL_TRANSITION(2220, ErrorCategory.CONFLICT),
    /** A fix needs a note; a rejection and a reopening need a reason. */
    QUALITY_NOTE_REQUIRED(2221, ErrorCategory.INVALID_INPUT),
    /** The dataset is not one the named grant is granted: quality requests are filed only against granted data. */
    QUALITY_DATASET_NOT_GRANTED(2222, ErrorCategory.FORBIDDEN),
    /** Only the grant's operator (a current engineer member, or its accountable person) files, confirms, reopens or withdraws. */
    QUALITY_NOT_OPERATOR(2223, ErrorCategory.FORBIDDEN),
    /** Only the dataset's provider (a provider-role user covering the provider's jurisdiction) answers a request. */
    QUALITY_NOT_PROVIDER(2224, ErrorCategory.FORBIDDEN),
    /** The target, description or evidence looks like it carries data values (an ID number, phone, e-mail, long number). */
    QUALITY_VALUES_IN_TEXT(2225, ErrorCategory.INVALID_INPUT),
    /** The target is missing, of an unknown kind, or names a column the dataset does not have. */
    QUALITY_TARGET_INVALID(2226, ErrorCategory.INVALID_INPUT),
    /** A text is missing or too long, or a SHA-256 is not 64 hex digits. */
    QUALITY_TEXT_INVALID(2227, ErrorCategory.INVALID_INPUT),
    /** The evaluation period is not two dates with from on or before to, within ten years. */
    QUALITY_PERIOD_INVALID(2228, ErrorCategory.INVALID_INPUT),

    // --- issue 20, E: R-26 inspections (2240-2259): add constants below this line, each ending with a comma ---
    /** An inspection's body is missing or malformed (organization, date, scope, inspectors). */
    INSPECTION_INVALID(2240, ErrorCategory.INVALID_INPUT),
    /** A named inspector is not a known security supervisor (R-26). */
    INSPECTOR_NOT_SUPERVISOR(2241, ErrorCategory.INVALID_INPUT),
    /** A grant named in an inspection's scope, or on a finding, is not one of the inspected operator's (in scope). */
    INSPECTION_SCOPE_INVALID(2242, ErrorCategory.INVALID_INPUT),
    /** A finding's body is missing or malformed (severity, description, rectification deadline). */
    FINDING_INVALID(2243, ErrorCategory.INVALID_INPUT),
    /** An inspection with findings closes only when every finding is verified. */
    INSPECTION_FINDINGS_OPEN(2244, ErrorCategory.RULE_VIOLATION),
    /** A suspension is requested only from a finding that names a grant. */
    FINDING_WITHOUT_GRANT(2245, ErrorCategory.RULE_VIOLATION),
    /** A finding's suspension was already requested. */
    SUSPENSION_ALREADY_REQUESTED(2246, ErrorCategory.CONFLICT),
    /** The authority suspends from a finding only after the supervisor requested it, and only once. */
    SUSPENSION_NOT_REQUESTED(2247, ErrorCategory.RULE_VIOLATION),
    /** A rectification report, verification note or rejection reason is missing or too long. */
    RECTIFICATION_INVALID(2248, ErrorCategory.INVALID_INPUT),
    /** A county-level supervisor asked for a platform-wide read that is not scoped to a jurisdiction (R-26). */
    SUPERVISORY_READ_OUT_OF_SCOPE(2249, ErrorCategory.FORBIDDEN),

    // --- issue 20, F: R-27 annual reports (2260-2279): add constants below this line, each ending with a comma ---
    /** An annual report's year that is not a past or the current year (or not a number). */
    ANNUAL_REPORT_YEAR_INVALID(2260, ErrorCategory.INVALID_INPUT),
    /** The organization already has a report for that year. */
    ANNUAL_REPORT_EXISTS(2261, ErrorCategory.CONFLICT),
    /** The organization held no grant during that year: it has nothing to report on. */
    ANNUAL_REPORT_NOT_AN_OPERATOR(2262, ErrorCategory.CONFLICT),
    /** Submission without every hand-written section (security measures, incidents, plans). */
    ANNUAL_REPORT_INCOMPLETE(2263, ErrorCategory.RULE_VIOLATION),
    /** A hand-written section longer than its limit. */
    ANNUAL_REPORT_SECTION_INVALID(2264, ErrorCategory.INVALID_INPUT),
    /** The report's state does not accept the action (see docs/annual-reports.md). */
    ILLEGAL_ANNUAL_REPORT_TRANSITION(2265, ErrorCategory.CONFLICT),
    /** An evaluation without a known grade, comments, a document with its SHA-256, or with a date in the future. */
    ANNUAL_EVALUATION_INVALID(2266, ErrorCategory.INVALID_INPUT),
    /** A report returned without comments saying what to complete. */
    ANNUAL_RETURN_COMMENTS_MISSING(2267, ErrorCategory.INVALID_INPUT),
    /** An application of an organization with a failing annual evaluation submitted without a justification. */
    REAPPLICATION_JUSTIFICATION_REQUIRED(2268, ErrorCategory.RULE_VIOLATION),
    /** A re-application justification that is blank or longer than 4000 characters. */
    REAPPLICATION_JUSTIFICATION_INVALID(2269, ErrorCategory.INVALID_INPUT),
    /** A justification for an application that is no longer a draft. */
    REAPPLICATION_JUSTIFICATION_CLOSED(2270, ErrorCategory.CONFLICT),

    // --- issue 20, G1: product review, return and notices (2280-2299): add constants below this line, each ending with a comma ---
    /** A return for revision without a comment saying what to revise. */
    RETURN_COMMENT_REQUIRED(2280, ErrorCategory.INVALID_INPUT),

    // --- issue 20, G2: disclosure rules (2300-2319): add constants below this line, each ending with a comma ---
    /** Disclosure thresholds out of range (docs/disclosure.md). */
    INVALID_DISCLOSURE_RULE(2300, ErrorCategory.INVALID_INPUT),
    /** A contribution declaration that is malformed or names columns the declaration cannot use. */
    INVALID_CONTRIBUTIONS(2301, ErrorCategory.INVALID_INPUT),
    /** Contributions are declared only before the checks (DRAFT, or RETURNED for revision). */
    CONTRIBUTIONS_NOT_DECLARABLE(2302, ErrorCategory.CONFLICT),
    /** A check verdict: a column sums a grade 3-4 amount and no valid contribution declaration covers it. */
    CONTRIBUTIONS_REQUIRED(2303, ErrorCategory.RULE_VIOLATION),
    /** A check verdict: the declared contributions do not add up to the candidate's cells (the declaration is refused). */
    CONTRIBUTIONS_MISMATCH(2304, ErrorCategory.RULE_VIOLATION),
    ;

    private final int number;
    private final ErrorCategory category;

    ErrorCode(int number, ErrorCategory category) {
        this.number = number;
        this.category = requireNonNull(category, "category is null");
    }

    public int number() {
        return number;
    }

    public ErrorCategory category() {
        return category;
    }
}
