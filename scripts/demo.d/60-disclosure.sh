# Part 60 (issue 20, G2): the airlock's cell disclosure rules, dominance (n, k) and p% (docs/disclosure.md).
# Sourced by scripts/demo-lifecycle.sh after the products are listed; leaves the grant active and the thresholds at
# their defaults.

step "disclosure rules: thresholds by grade, set by the authority (docs/disclosure.md)"
as engineer api /api/v1/disclosure-rules
as expert api "/api/v1/products/$P2/contributions"     # what industry-totals declared, verified by the airlock
refused as engineer api -X PUT /api/v1/disclosure-rules/3 -d '{"dominanceN": 1, "dominanceK": 99, "pPercent": 0}'
refused as admin api -X PUT /api/v1/disclosure-rules/3 -d '{"dominanceN": 2, "dominanceK": 40, "pPercent": 10}'

step "a dominated candidate is refused: five taxpayers per cell, grade 3 tightened to n=3, k=50"
as admin api -X PUT /api/v1/disclosure-rules/3 -d '{"dominanceN": 3, "dominanceK": 50, "pPercent": 10}'
as engineer jobs submit -w "$GRANT" --wait -f "$(file district-totals.yaml <<'EOF'
name: district-totals
steps:
  - sql: >-
      CREATE TABLE district_totals AS SELECT e.industry, e.district, count(DISTINCT e.uscc) AS enterprises,
      sum(t.amount) AS total FROM registry.enterprises e JOIN tax.payments t ON e.uscc = t.uscc
      GROUP BY e.industry, e.district
  - sql: >-
      CREATE TABLE district_totals_by_firm AS SELECT e.industry, e.district, t.uscc AS firm, sum(t.amount) AS amount
      FROM registry.enterprises e JOIN tax.payments t ON e.uscc = t.uscc GROUP BY e.industry, e.district, t.uscc
EOF
)" >/dev/null
P3=$(as engineer products create -q --grant "$GRANT" --name district-totals --kind DATA_PACKAGE \
  --table district_totals --group-size-column enterprises)
as engineer api -X PUT "/api/v1/products/$P3/contributions/total" -d '{"table": "district_totals_by_firm",
  "cellColumns": ["industry", "district"], "contributorColumn": "firm", "amountColumn": "amount"}' >/dev/null
as engineer products submit "$P3" --wait || echo "(exit $?: DOMINANCE (and MIN_GROUP_SIZE) refused it)"
as admin api -X PUT /api/v1/disclosure-rules/3 -d '{"dominanceN": 2, "dominanceK": 85, "pPercent": 10}'
