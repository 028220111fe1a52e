#!/usr/bin/env bash
# Walks one grant through its whole life cycle against a running embedded platform (./run-embedded.sh), with the
# shuyu CLI (docs/cli.md), one login profile per demo persona:
# organization, data lab, evaluation report, formal application with five materials, expert and sector
# reviews, deliberation, approval, agreement, emergency plan, activation (publication and filing), a
# member, suspension and rectification, the member's vetting, an enforced Spark job with a masked preview and a
# refused read, lineage, data products (a refused candidate, a clean one reviewed by two experts, listed, downloaded
# for its scenario only, its registration record), the loops of scripts/demo.d (quality requests, inspections, annual
# reports, own data, the exchange), a termination decision, termination, and the audit chain check.
# Usage: scripts/demo-lifecycle.sh [base-url]   (default http://127.0.0.1:8080).
# Needs Java 17 for the CLI (cli/bin/shuyu builds cli/target/shuyu-cli.jar on first use; $SHUYU overrides the
# command) and python3 (to make a valid organization code and to pick two fields from -o json).
set -euo pipefail
BASE=${1:-http://127.0.0.1:8080}
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
SHUYU=${SHUYU:-$ROOT/cli/bin/shuyu}
# the demo's own profiles and files, not the user's
export SHUYU_CONFIG_DIR=$(mktemp -d) SHUYU_PROGRESS=plain
FILES=$(mktemp -d)
trap 'rm -rf "$SHUYU_CONFIG_DIR" "$FILES"' EXIT
unset SHUYU_TOKEN SHUYU_SERVER SHUYU_PROFILE SHUYU_WORKSPACE
SHA=$(printf 'demo document' | sha256sum | cut -d' ' -f1)
TODAY=$(TZ=Asia/Shanghai date +%F)
LAST_YEAR_END="$(( $(TZ=Asia/Shanghai date +%Y) - 1 ))-12-31"
END=$(date -d "$TODAY +2 years" +%F)

as() { local user=$1; shift; "$SHUYU" -p "$user" "$@"; }   # as USER COMMAND...: the CLI as that demo user's profile
refused() { # a call that must be refused: shows its one-line error and the exit code
  local code=0
  "$@" 2>&1 || code=$?
  if [ "$code" = 0 ]; then echo "UNEXPECTED: it was accepted" >&2; exit 1; fi
  echo "(refused, exit $code)"
}
field() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(d[sys.argv[1]])' "$1"; }  # one field of -o json
file() { cat > "$FILES/$1"; echo "$FILES/$1"; }                                        # file NAME <<EOF: a body
step() { printf '\n== %s\n' "$*"; }

step "one login profile per persona (embedded development issuer: no browser)"
for user in applicant admin expert expert2 provider coordination leading-group engineer engineer2 security; do
  "$SHUYU" login --server "$BASE" --dev-user "$user" --profile "$user"
done
as admin me

step "applicant registers an organization (accountable person: applicant)"
USCC=$(python3 - <<'PY'
import random
cs="0123456789ABCDEFGHJKLMNPQRTUWXY"; w=[1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28]
first="91330200"+"".join(random.choice("0123456789") for _ in range(9))
c=31-sum(cs.index(ch)*w[i] for i,ch in enumerate(first))%31
print(first+cs[0 if c==31 else c])
PY
)
ORG=$(as applicant organizations register -q -f "$(file org.yaml <<EOF
name: Haixin Data Co.
uscc: "$USCC"
jurisdiction: "330200"
establishedOn: 2016-05-01
accountablePerson: {userId: applicant, name: Li Qiang}
EOF
)")
as applicant organizations show "$ORG"

step "a lab with a prohibited dataset is refused (R-04)"
refused as applicant labs request -f "$(file lab-prohibited.yaml <<EOF
organizationId: $ORG
datasetIds: [police.household_registry]
developmentApproach: x
marketPlan: y
months: 3
EOF
)"

step "data lab (R-12)"
LAB=$(as applicant labs request -q -f "$(file lab.yaml <<EOF
organizationId: $ORG
datasetIds: [registry.enterprises, tax.payments]
developmentApproach: credit features from registry and tax data
marketPlan: scores for local banks
months: 3
EOF
)")
as admin labs approve "$LAB" --note approved
as admin labs complete "$LAB" --conclusion PASSED --summary "validated on masked data" --findings "no raw identifiers needed"
as applicant labs report "$LAB"

step "formal application with five materials (R-13), reviews (R-14), deliberation and approval (R-05, R-15)"
APP=$(as applicant applications create -q -f "$(file app.yaml <<EOF
labId: $LAB
scenario: SME credit scoring
priorityDomain: INDUSTRY_VALUE
level: MUNICIPAL
EOF
)")
for kind in application-form data-security-commitment security-risk-self-assessment; do
  as applicant applications material "$APP" "$kind" --document-name "$kind.pdf" --sha256 "$SHA" >/dev/null
done
as applicant applications material "$APP" audit-and-financial-reports --document-name audit.pdf --sha256 "$SHA" \
  --period-end "$LAST_YEAR_END" >/dev/null
as applicant applications submit "$APP"
REVIEW=$(file review.yaml <<EOF
opinions:
  - {point: APPLICANT, verdict: FAVOURABLE, comment: qualified}
  - {point: PRODUCT_FEASIBILITY_AND_COMPLIANCE, verdict: FAVOURABLE, comment: feasible}
  - {point: DATA_SECURITY_AND_PERSONAL_INFORMATION, verdict: FAVOURABLE, comment: adequate}
  - {point: EMERGENCY_PLAN, verdict: FAVOURABLE, comment: adequate}
EOF
)
as expert applications review "$APP" -f "$REVIEW" >/dev/null
as provider applications review "$APP" -f "$REVIEW"
as coordination applications deliberate "$APP" -f "$(file deliberation.yaml <<EOF
meetingDate: $TODAY
attendees: coordination body
minutes: deliberated
outcome: APPROVE
EOF
)"
as leading-group applications approve "$APP" --decision-number NB-LG-1 --approved-on "$TODAY" --note approved

step "agreement (R-16), emergency plan (R-25), activation with publication and filing (R-15)"
GRANT=$(as admin grants create -q -f "$(file grant.yaml <<EOF
applicationId: $APP
termStart: $TODAY
termEnd: $END
agreement: {documentName: agreement.pdf, sha256: "$SHA", signedOn: $TODAY}
EOF
)")
refused as admin grants activate "$GRANT"
as applicant grants plan "$GRANT" -f "$(file plan.yaml <<EOF
documentName: plan.pdf
sha256: "$SHA"
summary: isolate and notify
contacts: duty officer
EOF
)" >/dev/null
as admin grants activate "$GRANT"
as applicant grants add-member "$GRANT" --user engineer --name "Zhang Wei"
as applicant publications
as admin filings

step "suspension, rectification, reinstatement (R-17b)"
DEADLINE=$(date -u -d '+10 days' +%Y-%m-%dT%H:%M:%SZ)
as admin grants suspend "$GRANT" --violation "late incident report" --deadline "$DEADLINE"
as applicant grants rectify "$GRANT" --report "incident process fixed"
as admin grants reinstate "$GRANT" --note rectified

step "vetting (R-18), an enforced Spark job in the workspace, a masked preview, a refused read (R-19a, R-24b)"
as applicant personnel vet "$ORG" engineer -f "$(file vetting.yaml <<EOF
name: Zhang Wei
items:
  PRE_JOB_TRAINING: {completedOn: $TODAY, evidence: demo record}
  REAL_NAME_AUTHENTICATION: {completedOn: $TODAY, evidence: demo record}
  FILING_AND_VETTING: {completedOn: $TODAY, evidence: demo record}
  CONFIDENTIALITY_AGREEMENT: {completedOn: $TODAY, evidence: demo record}
EOF
)"
as engineer jobs submit -w "$GRANT" --wait -f "$(file industry-tax.yaml <<'EOF'
name: industry-tax
steps:
  - sql: >-
      CREATE TABLE industry_tax AS SELECT e.industry, max(e.legal_rep_name) AS sample_rep,
      max(e.phone) AS sample_phone, count(*) AS payments, sum(t.amount) AS total
      FROM registry.enterprises e JOIN tax.payments t ON e.uscc = t.uscc GROUP BY e.industry
EOF
)"
as engineer tables preview -w "$GRANT" industry_tax --limit 3
refused as engineer jobs submit -w "$GRANT" --wait -f "$(file not-granted.yaml <<'EOF'
name: not-granted
steps:
  - sql: SELECT * FROM social.contributions
EOF
)"
as engineer workspaces show "$GRANT"          # its metered use (R-09b)

step "lineage of the job's table, to column level, and as a picture (R-24c)"
DB=$(as engineer workspaces show "$GRANT" -o json | field database)
as security lineage up "$DB.industry_tax"
as security lineage up "$DB.industry_tax" --column total
as security lineage up "$DB.industry_tax" --dot > "${TMPDIR:-/tmp}/shuyu-lineage.dot"
echo "lineage picture: ${TMPDIR:-/tmp}/shuyu-lineage.dot (Graphviz: dot -Tsvg -O ${TMPDIR:-/tmp}/shuyu-lineage.dot)"

step "data products: a candidate carrying pseudonyms is refused by the automatic checks (R-19b)"
P1=$(as engineer products create -q --grant "$GRANT" --name industry-tax --kind DATA_PACKAGE --table industry_tax \
  --group-size-column payments)
as engineer products submit "$P1" --wait || echo "(exit $?: the automatic checks refused it)"

step "a clean aggregate passes, two independent experts approve, the authority lists it (R-19b)"
as engineer jobs submit -w "$GRANT" --wait -f "$(file industry-totals.yaml <<'EOF'
name: industry-totals
steps:
  - sql: >-
      CREATE TABLE industry_totals AS SELECT e.industry, count(DISTINCT e.uscc) AS enterprises,
      sum(t.amount) AS total FROM registry.enterprises e JOIN tax.payments t ON e.uscc = t.uscc GROUP BY e.industry
  - sql: >-
      CREATE TABLE industry_totals_by_firm AS SELECT e.industry, t.uscc AS firm, sum(t.amount) AS amount
      FROM registry.enterprises e JOIN tax.payments t ON e.uscc = t.uscc GROUP BY e.industry, t.uscc
EOF
)" >/dev/null
P2=$(as engineer products create -q --grant "$GRANT" --name industry-totals --kind DATA_PACKAGE \
  --table industry_totals --group-size-column enterprises)
# total sums grade-3 tax amounts: the airlock needs its contributions per taxpayer (docs/disclosure.md)
as engineer api -X PUT "/api/v1/products/$P2/contributions/total" -d '{"table": "industry_totals_by_firm",
  "cellColumns": ["industry"], "contributorColumn": "firm", "amountColumn": "amount"}'
as engineer products submit "$P2" --wait
as expert products lineage "$P2"
as expert products review "$P2" --approve --opinion "industry totals, k met"
as expert2 products review "$P2" --approve --opinion agree
as admin products publish "$P2"

step "delivery only for the approved scenario (R-21a), metered; the registration record (R-22)"
OUT="${TMPDIR:-/tmp}/shuyu-industry-totals.arrow"
rm -f "$OUT"
as engineer2 products download "$P2" --scenario "SME credit scoring" -O "$OUT"
echo "downloaded for \"SME credit scoring\": $OUT ($(wc -c < "$OUT") bytes)"
refused as engineer2 products download "$P2" --scenario "consumer marketing" -O "$OUT.refused"
as admin products deliveries "$P2"
as applicant products registration "$P2"

# The regulation's other loops (issue 20), while the grant is active: each scripts/demo.d/NN-*.sh is sourced here in
# order and may use $GRANT, $ORG, $DB, $P1, $P2, $TODAY and the helpers above (as, refused, field, file, step; and
# `as USER api [-X METHOD] PATH [-d BODY]` for endpoints without a command of their own).
for part in "$ROOT"/scripts/demo.d/*.sh; do
  [ -e "$part" ] && . "$part"
done

step "termination by an approved decision (R-05, R-17a)"
DECISION=$(as coordination grants decide "$GRANT" -q --kind TERMINATE --meeting-date "$TODAY" --minutes deliberated \
  --reason "demo ends")
as leading-group grants approve-decision "$GRANT" "$DECISION"
as admin grants terminate "$GRANT" --decision "$DECISION"
as security deletions
refused as engineer2 products download "$P2" --scenario "SME credit scoring" -O "$OUT.after"

step "audit chain (R-24d)"
as security audit verify
