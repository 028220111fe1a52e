/** One short explanation per error code (api/openapi.yaml Problem.code); a unit test checks every code is here. */
export default {
  // Request and identity
  INVALID_REQUEST: 'The request is not valid; correct it as described below and try again.',
  MALFORMED_BODY: 'The request body could not be read; check what you entered and try again.',
  UNAUTHENTICATED: 'You are not logged in or your login has expired; please log in again.',
  FORBIDDEN_ROLE: 'Your role may not do this; ask someone who holds the required role.',
  OUTSIDE_JURISDICTION: 'This object is outside your jurisdiction; contact the authority it belongs to.',
  NOT_ACCOUNTABLE_PERSON: 'Only the accountable person of this operator may do this.',
  UNKNOWN_USER: 'The user does not exist; check the user id.',
  NOT_FOUND: 'The object does not exist or was removed; refresh and try again.',
  METHOD_NOT_ALLOWED: 'This address does not support this kind of request; use the console page instead.',
  UNSUPPORTED_MEDIA_TYPE: 'The format of the content is not accepted; use a supported format.',
  ALREADY_EXISTS: 'An object with this name or id already exists; choose another name or use the existing one.',
  INVALID_USCC: 'The unified social credit code is malformed or its check character is wrong; check and re-enter it.',
  INVALID_PERIOD: 'The end must be after the start; change the period.',
  // Catalog
  UNKNOWN_DATASET: 'The catalog has no such dataset; check the dataset id.',
  PROHIBITED_DATASET: 'This dataset may not be opened; it cannot be requested or used.',
  UNKNOWN_PROVIDER: 'The data provider does not exist; register it first.',
  INVALID_SCHEMA: 'The dataset schema is not valid; check the column names and types.',
  INVALID_DATASET_ID: 'The dataset id is malformed; use a lowercase "database.table" id.',
  DUPLICATE_COLUMN: 'A column name appears twice; make every column name unique.',
  SUBJECT_COLUMN_MISSING: 'A person-level dataset needs an existing subject column; add it and try again.',
  GRADE_BELOW_CLASSIFICATION: 'A column grade may not be below the dataset grade; adjust the grades.',
  // Grant life cycle
  ILLEGAL_TRANSITION: 'This action is not allowed in the current state; refresh to see the latest state.',
  TERM_TOO_LONG: 'The term is longer than allowed; shorten it.',
  MATERIALS_INCOMPLETE: 'Required materials are missing; upload them before submitting.',
  LAB_REPORT_MISSING: 'The lab assessment report is missing; upload it first.',
  REVIEW_INCOMPLETE: 'Not all reviews are in yet; wait until every reviewer has submitted.',
  DELIBERATION_MISSING: 'The collective deliberation record is missing; complete the deliberation first.',
  WRONG_DECISION_LEVEL: 'This must be decided at another decision level; your level may not decide it.',
  EMERGENCY_PLAN_MISSING: 'The emergency plan is missing; upload it first.',
  DECISION_REQUIRED: 'This action needs a decision document; add the decision and try again.',
  DEADLINE_INVALID: 'The rectification deadline is not valid; set a reasonable future date.',
  DEADLINE_PASSED: 'The deadline has passed; this action is no longer possible.',
  SCENARIO_TAKEN: 'This scenario is already granted to another operator; choose another scenario.',
  FINANCIAL_PERIOD_INVALID: 'The financial period of the material is not valid; check the period.',
  MATERIAL_ISSUED_BY_PLATFORM: 'This material is issued by the platform; applicants cannot upload it.',
  GRANT_NOT_ACTIVE: 'The grant is not active, so this action is not possible.',
  UNKNOWN_ORGANIZATION: 'The organization does not exist; register it first or check its id.',
  TERM_NOT_CURRENT: 'The grant is outside its term; check the term dates.',
  NOT_A_MEMBER: 'You are not a member of this workspace; ask its accountable person to add you.',
  REVIEWER_CONFLICT: 'The reviewer has a conflict of interest with the applicant; choose another reviewer.',
  UNKNOWN_ANNOUNCEMENT: 'The announcement does not exist; check its id.',
  ANNOUNCEMENT_MISMATCH: 'The announcement does not match this application\'s scenario or data; choose the right one.',
  // Audit
  AUDIT_UNAVAILABLE: 'The audit log cannot be written or read right now, so nothing was done; try again later.',
  AUDIT_QUERY_INVALID: 'The audit search is not valid; check the filters and the time range.',
  // Workspaces and jobs
  INVALID_JOB_SPEC: 'The job is not valid; check its steps and statements.',
  WORKSPACE_NOT_READY: 'The workspace is not ready or is closed; try later or check its state.',
  JOB_ALREADY_FINISHED: 'The job has already finished and cannot be cancelled.',
  JOB_REFUSED: 'The platform\'s security policy refused the statement; use only the granted data.',
  JOB_FAILED: 'The job failed; fix the statement using the detail below and try again.',
  RUNTIME_UNAVAILABLE: 'The compute runtime is not available now; try later or contact the operators.',
  INVALID_TABLE_NAME: 'The table name is not valid; use lowercase letters, digits and underscores.',
  // Consents and policies
  NOT_PERSON_LEVEL: 'This dataset is not person-level, so consents cannot be recorded for it.',
  RUNTIME_CREDENTIAL_INVALID: 'The compute runtime\'s credential is invalid or expired (internal call).',
  RUNTIME_CREDENTIAL_SCOPE: 'The compute runtime\'s credential belongs to another workspace (internal call).',
  KUBERNETES_UNAVAILABLE: 'The cluster cannot be reached right now; the platform retries, check again later.',
  KUBERNETES_REFUSED: 'The cluster refused the platform\'s request; ask the operators to check the settings.',
  INVALID_WORKSPACE_NAME: 'The workspace id cannot be used as a cluster name; choose another id.',
  // Personnel
  VETTING_INCOMPLETE: 'This person\'s vetting is not complete; complete all vetting items first.',
  UNKNOWN_VETTING_ITEM: 'Unknown vetting item; choose one of the four required items.',
  // Lineage
  INVALID_LINEAGE_EVENT: 'The lineage event is not valid (internal call).',
  LINEAGE_OUT_OF_SCOPE: 'The lineage event names data outside the workspace and was refused.',
  LINEAGE_CONFLICT: 'A different lineage is already recorded for this step; the new one was refused.',
  INVALID_LINEAGE_QUERY: 'The lineage search is not valid; give one starting point and check direction and depth.',
  // Data products
  INVALID_PRODUCT: 'The product is not valid; check its name, kind, table and group size column.',
  PRODUCT_NOT_LISTED: 'The product is not listed (or was delisted), so it cannot be delivered.',
  SCENARIO_MISMATCH: 'The scenario given differs from the product\'s approved scenario.',
  REVIEWER_NOT_INDEPENDENT: 'You may not review your own or your operator\'s product; an independent expert must review it.',
  ALREADY_REVIEWED: 'You have already reviewed this version of the product.',
  DIFFERENCING_RISK: 'Listing could let individuals be singled out by differencing; change the product.',
  WRONG_DELIVERY_CHANNEL: 'This kind of product is delivered through another channel (package download or interface).',
  SNAPSHOT_FAILED: 'The product snapshot could not be taken; check the table and try again.',
  SNAPSHOT_UNREADABLE: 'The product snapshot is damaged or missing; contact the operators.',
  ILLEGAL_PRODUCT_TRANSITION: 'The product\'s state does not allow this action; refresh to see the latest state.',
  DELIVERY_STOPPED: 'Delivery stopped: the product was delisted or its grant ended or was suspended.',
  CLIENT_STALLED: 'The client read nothing for too long and the connection was closed; start again.',
  // Interactive sessions
  SESSION_CLOSED: 'The session is closed; open a new session to run statements.',
  SESSION_NOT_OWNED: 'This session belongs to another member; use your own session.',
  SESSION_QUEUED: 'Waiting for compute capacity; the session opens when it is admitted.',
  INVALID_STATEMENT: 'The statement request is not valid: check that the SQL is not empty or too long and the row limit.',
  STATEMENT_ALREADY_ENDED: 'The statement has already ended and cannot be cancelled.',
  SESSION_ENGINE_UNAVAILABLE: 'The workspace engine cannot be reached right now; try again later.',
  SESSION_ENGINE_CREDENTIAL: 'The engine\'s credential is not valid (internal call).',
  SESSION_ENGINE_MISMATCH: 'The engine named a session that is not its own (internal call).',
  SESSION_LIMIT: 'You hold the most sessions allowed in this workspace; close one you no longer use.',
  INVALID_STATEMENT_OUTCOME: 'The statement outcome is malformed (internal call).',
  // Workspace engines
  ENGINE_UNAVAILABLE: 'The workspace engine could not start or has stopped; try again later.',
  ENGINE_QUEUED: 'The workspace engine is waiting for capacity; try again shortly.',
  ENGINE_FAILED: 'The workspace engine failed internally; try later or contact the operators.',
  ENGINE_REJECTED: 'The engine found the request invalid; correct it using the detail below.',
  ENGINE_CONFLICT: 'The engine\'s state does not allow this action; refresh and try again.',
  ENGINE_CREDENTIAL_INVALID: 'The engine\'s credential is invalid or expired (internal call).',
  ENGINE_CREDENTIAL_SCOPE: 'The engine\'s credential belongs to another workspace (internal call).',
  // Spark Connect
  CONNECT_WORKSPACE_REQUIRED: 'The Spark Connect call lacks a valid workspace id; check the client settings.',
  CONNECT_SESSION_ID_REQUIRED: 'The Spark Connect request lacks a valid session id; check the client.',
  CONNECT_SESSION_MISMATCH: 'The Spark Connect call changed its session id midway and was refused.',
  CONNECT_TOO_MANY_CALLS: 'You have too many Spark Connect calls running; wait for some to finish.',
  CONNECT_SESSION_CLOSED: 'The platform closed the session (revocation, removal or expiry); connect again.',
  CONNECT_ROUTE_FAILED: 'The workspace engine could not be reached; contact the operators.',
  // Admission and quotas
  ADMISSION_REQUEST_TOO_LARGE: 'The compute request exceeds the capacity or the operator\'s quota; ask for fewer cores or less memory.',
  ADMISSION_REQUEST_UNKNOWN: 'The compute request does not exist or was released; request again.',
  ADMISSION_REQUEST_DROPPED: 'The compute request was cancelled or dropped because it no longer fits the quota; request again.',
  INVALID_QUOTA: 'The quota is not valid; enter non-negative numbers within range.',
  QUOTA_ABOVE_CAPACITY: 'The quota is above the platform\'s capacity and could never be used; lower it.',
  ADMISSION_QUEUE_FULL: 'The compute queue is full; try again later.',
  // Pages, versions and retries
  INVALID_PAGE: 'The page request is not valid; refresh the list and try again.',
  PRECONDITION_FAILED: 'Someone changed this object since you opened it; refresh and do it again.',
  INVALID_PRECONDITION: 'The version check is malformed; refresh and try again.',
  IDEMPOTENCY_KEY_REUSED: 'The retry key was already used for a different request; submit again.',
  IDEMPOTENCY_KEY_IN_USE: 'The same request is still being processed; check the result shortly.',
  IDEMPOTENCY_KEY_INVALID: 'The retry key is malformed; submit again.',
  // Strict input
  INVALID_FIELD: 'A field has a wrong value or type; correct the field named below.',
  INVALID_ENCODING: 'The content is not valid UTF-8 text; check the file\'s encoding.',
  PAYLOAD_TOO_LARGE: 'The content is too large; use a smaller file or send it in parts.',
  MALFORMED_REQUEST: 'The request address or headers are malformed and were refused.',
  // Login
  OIDC_DISCOVERY_FAILED: 'The login service\'s settings cannot be fetched now; try later or contact the operators.',
  USER_CODE_UNKNOWN: 'The user code is unknown or expired; log in again from the CLI to get a new one.',
  USER_CODE_USED: 'This user code has already been used; get a new one.',
  // Checks by value
  SOURCE_DATA_UNREADABLE: 'The source data files cannot be read or lack a column, so the check failed; contact the data provider.',
  // Platform
  INTERNAL_ERROR: 'The platform failed internally; try again later and contact the operators if it persists.',
  // The console itself
  NETWORK_ERROR: 'The platform cannot be reached; check your network and try again.',
  CLIENT_ERROR: 'The page failed to handle the request; reload the page and try again.',
  OAUTH_INVALID_GRANT: 'The login code is invalid or expired; please log in again.',
  OAUTH_ACCESS_DENIED: 'The login was denied; log in again or choose another user.',
  OAUTH_INVALID_REQUEST: 'The login request was incomplete or invalid; please log in again.',
  MATERIAL_DOCUMENT_TOO_LARGE: 'The material file is larger than 20 MB; compress or split it and upload again.',
  MATERIAL_DOCUMENT_EMPTY: 'The material file is empty; choose a file with content.',
  MATERIAL_DOCUMENT_MISSING: 'Only the name and hash of this material were recorded; the platform holds no file to download.',
  MATERIAL_DOCUMENT_TAMPERED: 'The stored material no longer matches its recorded hash, so it is not served; report this to the security supervisors now.',
  CONSENT_FILE_MALFORMED: 'The consent file is malformed (the detail names the line); nothing was applied. Fix it and upload again.',
  CONSENT_FILE_TOO_LARGE: 'The consent file has too many rows or bytes; split it and upload the parts.',
  CONSENT_FILE_EMPTY: 'The consent file has no data rows; check its content.',
  CONSENT_FILE_DUPLICATE_SUBJECT: 'A subject appears more than once in the consent file; keep one line per subject.',
  WORKSPACE_TABLES_UNAVAILABLE: 'This deployment cannot list workspace tables (the controller cannot see the workspace storage); preview a table by name.',
  PRODUCT_NOT_FROZEN: 'This candidate has no frozen snapshot yet; submit it and let the automatic checks finish before reading its data.',
  // lineage beyond the workspace (issue 19, lineage-reach)
  PRODUCT_LINEAGE_MISSING: 'The product\'s lineage (its freeze, listing or this delivery) could not be recorded, so it is not listed or delivered; ask the platform team to check the lineage store.',
  // issue 19: bulk consents with a row report
  CONSENT_BULK_MODE_INVALID: 'The upload mode must be atomic or partial.',
  CONSENT_ROW_FIELD_COUNT: 'This line does not have exactly three fields (subjectId,granted,evidence); it was not applied.',
  CONSENT_ROW_QUOTING: 'This line has a broken quote (unclosed, or text after the closing quote); it was not applied.',
  CONSENT_ROW_SUBJECT_INVALID: 'The subject id on this line must be 1-200 letters, digits or . _ : / -; it was not applied.',
  CONSENT_ROW_GRANTED_INVALID: 'granted on this line must be true or false; it was not applied.',
  CONSENT_ROW_EVIDENCE_INVALID: 'The evidence on this line must be 1-500 characters; it was not applied.',
  CONSENT_ROW_DUPLICATE_SUBJECT: 'This subject appears on several lines; none of them was applied. Keep one line per subject.',
  // docs/storage.md: dataset data uploads (issue 19, storage)
  DATASET_DATA_MALFORMED: 'The data file is not valid UTF-8 CSV, or a row has the wrong number of fields (the detail names the line); nothing was changed.',
  DATASET_DATA_WRONG_HEADER: 'The first line of the data file must be the registered column names, in order.',
  DATASET_DATA_BAD_VALUE: 'A value is not of its column\'s registered type, or holds a quote, backslash or line break (the detail names line and column); nothing was changed.',
  DATASET_DATA_TOO_LARGE: 'The data file is larger than the platform accepts in one upload; ask the operators to raise the limit.',
  DATASET_DATA_EMPTY: 'The data file has a header but no rows.',
  NOT_DATASET_PROVIDER: 'Only the dataset\'s provider (of its jurisdiction) uploads its data.',
  DATASET_DATA_STORAGE_FAILED: 'The storage could not take the data file; the previous data stays. Try again later.',
  // --- issue 20, A: notifications and to-do: add codes below this line ---

  // --- issue 20, B: R-08 single channel and the exchange: add codes below this line ---

  // --- issue 20, C: R-19c own data import: add codes below this line ---

  // --- issue 20, D: R-20 quality requests: add codes below this line ---

  // --- issue 20, E: R-26 inspections: add codes below this line ---

  // --- issue 20, F: R-27 annual reports: add codes below this line ---

  // --- issue 20, G1: product review, return and notices: add codes below this line ---

  // --- issue 20, G2: disclosure rules: add codes below this line ---
  INVALID_DISCLOSURE_RULE: 'The disclosure thresholds are out of range: n 1-10, k 50-100 %, p 0-100 %, grade 1-4.',
  INVALID_CONTRIBUTIONS: 'The contribution declaration is not valid; check its table, cell columns, contributor and amount columns.',
  CONTRIBUTIONS_NOT_DECLARABLE: 'Contributions can only be declared before submission (draft, or returned for revision).',
  CONTRIBUTIONS_REQUIRED: 'A column sums a sensitive (grade 3-4) amount: declare its contributions before submitting.',
  CONTRIBUTIONS_MISMATCH: 'The declared contributions do not add up to the product\'s cells; the declaration was refused.',

} as Record<string, string>
