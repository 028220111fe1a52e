# R-27: the annual operation report and the authority's annual evaluation (docs/annual-reports.md). Sourced by
# scripts/demo-lifecycle.sh while the grant is active; leaves it active.
YEAR=${TODAY%%-*}

step "R-27: the applicant opens the $YEAR annual operation report; the platform fills in its figures"
REPORT=$(as applicant api -X POST /api/v1/annual-reports -d "{\"organizationId\":\"$ORG\",\"year\":$YEAR}" | field id)
as applicant api "/api/v1/annual-reports/$REPORT"

step "R-27: submission without the hand-written sections is refused (ANNUAL_REPORT_INCOMPLETE)"
refused as applicant api -X POST "/api/v1/annual-reports/$REPORT/submit"

step "R-27: the applicant writes security measures, incidents and plans, and submits: the figures are frozen"
as applicant api -X PUT "/api/v1/annual-reports/$REPORT" -d @"$(file annual-sections.json <<JSON
{"securityMeasures": "workspace isolation per grant, masked previews, the product airlock, a quarterly emergency drill",
 "incidentsNarrative": "no security incident; no suspension",
 "plans": "a second product for the SME credit scenario; a drill with the provider"}
JSON
)"
as applicant api -X POST "/api/v1/annual-reports/$REPORT/submit"

step "R-27: the authority returns it for completion; the applicant completes and resubmits"
as admin api -X POST "/api/v1/annual-reports/$REPORT/return" -d '{"comments": "name the date and outcome of each drill"}'
as applicant api -X PUT "/api/v1/annual-reports/$REPORT" \
  -d '{"securityMeasures": "workspace isolation per grant, masked previews, the product airlock; drills held each quarter, all passed"}'
as applicant api -X POST "/api/v1/annual-reports/$REPORT/submit"

step "R-27: the authority records the annual evaluation (grade GOOD)"
as admin api -X POST "/api/v1/annual-reports/$REPORT/evaluation" -d "{\"grade\": \"GOOD\",
  \"comments\": \"agreement executed; security measures adequate\", \"documentName\": \"evaluation-$YEAR.pdf\",
  \"documentSha256\": \"$SHA\", \"evaluatedOn\": \"$TODAY\"}"
as applicant api /api/v1/annual-reports
