#!/usr/bin/env bash
# Walks one grant through its whole life cycle against a running embedded platform (./run-embedded.sh):
# organization, data lab, evaluation report, formal application with five materials, expert and sector
# reviews, deliberation, approval, agreement, emergency plan, activation (publication and filing), a
# member, suspension and rectification, the member's vetting, an enforced Spark job with a masked preview and a
# refused read, lineage, data products (a refused candidate, a clean one reviewed by two experts, listed, downloaded
# for its scenario only, its registration record), a termination decision, termination, and the audit chain check.
# Usage: scripts/demo-lifecycle.sh [base-url]   (default http://127.0.0.1:8080). Needs curl and python3.
set -euo pipefail
BASE=${1:-http://127.0.0.1:8080}
SHA=$(printf 'demo document' | sha256sum | cut -d' ' -f1)
TODAY=$(TZ=Asia/Shanghai date +%F)
LAST_YEAR_END="$(( $(TZ=Asia/Shanghai date +%Y) - 1 ))-12-31"

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval('d'+sys.argv[1]))" "$1"; }
pyq() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; } # any expression of d
token() { curl -sf -X POST "$BASE/dev/token" -H 'Content-Type: application/json' -d "{\"username\":\"$1\"}" | json '["access_token"]'; }
call() { # user method path [body]
  local user=$1 method=$2 path=$3 body=${4:-}
  local out status
  out=$(mktemp)
  status=$(curl -s -o "$out" -w '%{http_code}' -X "$method" "$BASE$path" -H "Authorization: Bearer $(token "$user")" \
    ${body:+-H 'Content-Type: application/json' -d "$body"})
  if [ "${status:0:1}" != 2 ]; then echo "FAILED: $user $method $path -> $status $(cat "$out")" >&2; rm -f "$out"; exit 1; fi
  cat "$out"; rm -f "$out"
}
step() { printf '\n== %s\n' "$*"; }

step "applicant registers an organization (accountable person: applicant)"
USCC=$(python3 - <<'PY'
import random
cs="0123456789ABCDEFGHJKLMNPQRTUWXY"; w=[1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28]
first="91330200"+"".join(random.choice("0123456789") for _ in range(9))
c=31-sum(cs.index(ch)*w[i] for i,ch in enumerate(first))%31
print(first+cs[0 if c==31 else c])
PY
)
ORG=$(call applicant POST /api/v1/organizations "{\"name\":\"Haixin Data Co.\",\"uscc\":\"$USCC\",\"jurisdiction\":\"330200\",\"establishedOn\":\"2016-05-01\",\"accountablePerson\":{\"userId\":\"applicant\",\"name\":\"Li Qiang\"}}" | json '["id"]')
echo "organization $ORG (USCC $USCC)"

step "a lab with a prohibited dataset is refused (R-04)"
curl -s -X POST "$BASE/api/v1/labs" -H "Authorization: Bearer $(token applicant)" -H 'Content-Type: application/json' \
  -d "{\"organizationId\":\"$ORG\",\"datasetIds\":[\"police.household_registry\"],\"developmentApproach\":\"x\",\"marketPlan\":\"y\",\"months\":3}"; echo

step "data lab (R-12)"
LAB=$(call applicant POST /api/v1/labs "{\"organizationId\":\"$ORG\",\"datasetIds\":[\"registry.enterprises\",\"tax.payments\"],\"developmentApproach\":\"credit features from registry and tax data\",\"marketPlan\":\"scores for local banks\",\"months\":3}" | json '["id"]')
call admin POST "/api/v1/labs/$LAB/approve" '{"note":"approved"}' | json '["state"]'
call admin POST "/api/v1/labs/$LAB/complete" '{"conclusion":"PASSED","summary":"validated on masked data","findings":"no raw identifiers needed"}' | json '["report"]["sha256"]'

step "formal application with five materials (R-13), reviews (R-14), deliberation and approval (R-05, R-15)"
APP=$(call applicant POST /api/v1/applications "{\"labId\":\"$LAB\",\"scenario\":\"SME credit scoring\",\"priorityDomain\":\"INDUSTRY_VALUE\",\"level\":\"MUNICIPAL\"}" | json '["id"]')
for kind in application-form data-security-commitment security-risk-self-assessment; do
  call applicant PUT "/api/v1/applications/$APP/materials/$kind" "{\"documentName\":\"$kind.pdf\",\"sha256\":\"$SHA\"}" >/dev/null
done
call applicant PUT "/api/v1/applications/$APP/materials/audit-and-financial-reports" "{\"documentName\":\"audit.pdf\",\"sha256\":\"$SHA\",\"periodEnd\":\"$LAST_YEAR_END\"}" >/dev/null
call applicant POST "/api/v1/applications/$APP/submit" | json '["state"]'
REVIEW='{"opinions":[{"point":"APPLICANT","verdict":"FAVOURABLE","comment":"qualified"},{"point":"PRODUCT_FEASIBILITY_AND_COMPLIANCE","verdict":"FAVOURABLE","comment":"feasible"},{"point":"DATA_SECURITY_AND_PERSONAL_INFORMATION","verdict":"FAVOURABLE","comment":"adequate"},{"point":"EMERGENCY_PLAN","verdict":"FAVOURABLE","comment":"adequate"}]}'
call expert POST "/api/v1/applications/$APP/reviews" "$REVIEW" >/dev/null
call provider POST "/api/v1/applications/$APP/reviews" "$REVIEW" | json '["state"]'
call coordination POST "/api/v1/applications/$APP/deliberation" "{\"meetingDate\":\"$TODAY\",\"attendees\":\"coordination body\",\"minutes\":\"deliberated\",\"outcome\":\"APPROVE\"}" | json '["state"]'
call leading-group POST "/api/v1/applications/$APP/approval" "{\"decisionNumber\":\"NB-LG-1\",\"approvedOn\":\"$TODAY\",\"note\":\"approved\"}" | json '["state"]'

step "agreement (R-16), emergency plan (R-25), activation with publication and filing (R-15)"
END=$(python3 -c "import datetime; print(datetime.date.fromisoformat('$TODAY').replace(year=int('$TODAY'[:4])+2))")
GRANT=$(call admin POST /api/v1/grants "{\"applicationId\":\"$APP\",\"termStart\":\"$TODAY\",\"termEnd\":\"$END\",\"agreement\":{\"documentName\":\"agreement.pdf\",\"sha256\":\"$SHA\",\"signedOn\":\"$TODAY\"}}" | json '["id"]')
curl -s -X POST "$BASE/api/v1/grants/$GRANT/activate" -H "Authorization: Bearer $(token admin)"; echo
call applicant PUT "/api/v1/grants/$GRANT/emergency-plan" "{\"documentName\":\"plan.pdf\",\"sha256\":\"$SHA\",\"summary\":\"isolate and notify\",\"contacts\":\"duty officer\"}" >/dev/null
call admin POST "/api/v1/grants/$GRANT/activate" | json '["state"]'
call applicant POST "/api/v1/grants/$GRANT/members" '{"userId":"engineer","name":"Zhang Wei"}' | json '["userId"]'
call admin GET /api/v1/filings | json '[-1]["filingNumber"]'

step "suspension, rectification, reinstatement (R-17b)"
DEADLINE=$(python3 -c "import datetime; print((datetime.datetime.now(datetime.timezone.utc)+datetime.timedelta(days=10)).isoformat())")
call admin POST "/api/v1/grants/$GRANT/suspend" "{\"violation\":\"late incident report\",\"rectificationDeadline\":\"$DEADLINE\"}" | json '["state"]'
call applicant POST "/api/v1/grants/$GRANT/rectification" '{"report":"incident process fixed"}' | json '["state"]'
call admin POST "/api/v1/grants/$GRANT/reinstate" '{"note":"rectified"}' | json '["state"]'

step "vetting (R-18), an enforced Spark job in the workspace, a masked preview, a refused read (R-19a, R-24b)"
VETTED="{\"completedOn\":\"$TODAY\",\"evidence\":\"demo record\"}"
call applicant PUT "/api/v1/organizations/$ORG/personnel/engineer" "{\"name\":\"Zhang Wei\",\"items\":{\"PRE_JOB_TRAINING\":$VETTED,\"REAL_NAME_AUTHENTICATION\":$VETTED,\"FILING_AND_VETTING\":$VETTED,\"CONFIDENTIALITY_AGREEMENT\":$VETTED}}" >/dev/null
wait_job() { # job id -> final job JSON
  local state=QUEUED job
  while [ "$state" = QUEUED ] || [ "$state" = RUNNING ]; do
    sleep 1; job=$(call engineer GET "/api/v1/jobs/$1"); state=$(echo "$job" | json '["state"]')
  done
  echo "$job"
}
JOB=$(call engineer POST "/api/v1/workspaces/$GRANT/jobs" '{"name":"industry-tax","steps":[{"sql":"CREATE TABLE industry_tax AS SELECT e.industry, max(e.legal_rep_name) AS sample_rep, max(e.phone) AS sample_phone, count(*) AS payments, sum(t.amount) AS total FROM registry.enterprises e JOIN tax.payments t ON e.uscc = t.uscc GROUP BY e.industry"}]}' | json '["id"]')
wait_job "$JOB" | json '["state"], d["metrics"]'
call engineer GET "/api/v1/workspaces/$GRANT/tables/industry_tax/preview?limit=3" | json '["result"]["rows"]'
BAD=$(call engineer POST "/api/v1/workspaces/$GRANT/jobs" '{"name":"not-granted","steps":[{"sql":"SELECT * FROM social.contributions"}]}' | json '["id"]')
wait_job "$BAD" | json '["state"], d["code"], d["message"]'
call engineer GET "/api/v1/workspaces/$GRANT" | json '["usage"]'

step "lineage of the job's table, to column level, and as a picture (R-24c)"
DB=$(call engineer GET "/api/v1/workspaces/$GRANT" | json '["database"]')
call security GET "/api/v1/lineage?dataset=$DB.industry_tax&direction=upstream" | pyq '[(x["name"], x["depth"]) for x in d["datasets"]], [(p["id"], p["user"], p["grant"]) for p in d["processes"]]'
call security GET "/api/v1/lineage?column=$DB.industry_tax.total&direction=upstream" | pyq '[(e["source"], e["target"], e["kind"]) for e in d["edges"]]'
curl -s -o "${TMPDIR:-/tmp}/shuyu-lineage.svg" "$BASE/api/v1/lineage/graph.svg?dataset=$DB.industry_tax&direction=upstream" -H "Authorization: Bearer $(token security)"
echo "lineage picture: ${TMPDIR:-/tmp}/shuyu-lineage.svg ($(wc -c < "${TMPDIR:-/tmp}/shuyu-lineage.svg") bytes)"

step "data products: a candidate carrying pseudonyms is refused by the automatic checks (R-19b)"
wait_product() { # product id -> product JSON once it left SUBMITTED/CHECKING
  local state=SUBMITTED p
  while [ "$state" = SUBMITTED ] || [ "$state" = CHECKING ]; do
    sleep 1; p=$(call engineer GET "/api/v1/products/$1"); state=$(echo "$p" | json '["state"]')
  done
  echo "$p"
}
P1=$(call engineer POST /api/v1/products "{\"grantId\":\"$GRANT\",\"name\":\"industry-tax\",\"kind\":\"DATA_PACKAGE\",\"table\":\"industry_tax\",\"groupSizeColumn\":\"payments\"}" | json '["id"]')
call engineer POST "/api/v1/products/$P1/submit" >/dev/null
wait_product "$P1" | pyq 'd["state"], [(c["check"], c["verdict"]) for c in d["checks"] if c["verdict"] == "FAIL"], [c["details"] for c in d["checks"] if c["check"] == "NO_IDENTIFYING_COLUMNS"]'

step "a clean aggregate passes, two independent experts approve, the authority lists it (R-19b)"
JOB2=$(call engineer POST "/api/v1/workspaces/$GRANT/jobs" '{"name":"industry-totals","steps":[{"sql":"CREATE TABLE industry_totals AS SELECT e.industry, count(DISTINCT e.uscc) AS enterprises, sum(t.amount) AS total FROM registry.enterprises e JOIN tax.payments t ON e.uscc = t.uscc GROUP BY e.industry"}]}' | json '["id"]')
wait_job "$JOB2" | json '["state"]'
P2=$(call engineer POST /api/v1/products "{\"grantId\":\"$GRANT\",\"name\":\"industry-totals\",\"kind\":\"DATA_PACKAGE\",\"table\":\"industry_totals\",\"groupSizeColumn\":\"enterprises\"}" | json '["id"]')
call engineer POST "/api/v1/products/$P2/submit" >/dev/null
wait_product "$P2" | pyq 'd["state"], [(c["check"], c["verdict"]) for c in d["checks"]], d["aggregation"]'
call expert GET "/api/v1/products/$P2/lineage" | pyq '[s["sql"][:60] for s in d["statements"]], d["sources"]'
call expert POST "/api/v1/products/$P2/reviews" '{"decision":"APPROVE","comment":"industry totals, k met"}' | json '["state"]'
call expert2 POST "/api/v1/products/$P2/reviews" '{"decision":"APPROVE","comment":"agree"}' | json '["state"]'
call admin POST "/api/v1/products/$P2/list" | json '["state"]'

step "delivery only for the approved scenario (R-21a), metered; the registration record (R-22)"
OUT="${TMPDIR:-/tmp}/shuyu-industry-totals.arrow"
curl -s -o "$OUT" -w 'download for "SME credit scoring": HTTP %{http_code}, %{size_download} bytes\n' -G "$BASE/api/v1/products/$P2/download" --data-urlencode "scenario=SME credit scoring" -H "Authorization: Bearer $(token engineer2)"
curl -s -G "$BASE/api/v1/products/$P2/download" --data-urlencode "scenario=consumer marketing" -H "Authorization: Bearer $(token engineer2)" | pyq 'd["status"], d["code"]'
call admin GET "/api/v1/products/$P2/deliveries" | pyq '[(x["caller"], x["channel"], x["outcome"], x["bytes"]) for x in d]'
call applicant GET "/api/v1/products/$P2/registration" | pyq 'd["recordType"], [s["dataset"] for s in d["sources"]], d["owner"]["name"], len(d["method"]["statements"]), [r["reviewer"] for r in d["review"]["expertReviews"]], d["digest"][:16]'

step "termination by an approved decision (R-05, R-17a)"
DECISION=$(call coordination POST "/api/v1/grants/$GRANT/decisions" "{\"kind\":\"TERMINATE\",\"meetingDate\":\"$TODAY\",\"minutes\":\"deliberated\",\"reason\":\"demo ends\"}" | json '["id"]')
call leading-group POST "/api/v1/grants/$GRANT/decisions/$DECISION/approval" | json '["state"]'
call admin POST "/api/v1/grants/$GRANT/terminate" "{\"decisionId\":\"$DECISION\"}" | json '["state"]'
call security GET /api/v1/deletions | json '[-1]["state"]'
curl -s -G "$BASE/api/v1/products/$P2/download" --data-urlencode "scenario=SME credit scoring" -H "Authorization: Bearer $(token engineer2)" | pyq '"download after termination:", d["status"], d["code"]'

step "audit chain (R-24d)"
call security GET /api/v1/audit/verify
echo
