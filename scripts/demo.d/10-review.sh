# Issue 20, G1: a product review that can review (docs/products.md, "Review that can review"). The expert reads a
# candidate's rows and per-column statistics (small counts hidden), returns it for revision with a comment; the
# engineer revises the table with a new job and resubmits it (revision 2: frozen, checked and reviewed again, the first
# round kept as history); two experts approve revision 2. The candidate counts enterprises per industry (every group
# meets the minimum cell size) and sums no graded amounts. Leaves the grant active.

step "a product review that can review: rows and statistics, a return with comments, a resubmission (R-19b)"
as engineer jobs submit -w "$GRANT" --wait -f "$(file industry-counts.yaml <<'EOF2'
name: industry-counts
steps:
  - sql: >-
      CREATE TABLE industry_counts AS SELECT industry, count(*) AS enterprises
      FROM registry.enterprises GROUP BY industry
EOF2
)" >/dev/null
P3=$(as engineer products create -q --grant "$GRANT" --name industry-counts --kind DATA_REPORT \
  --table industry_counts --group-size-column enterprises)
as engineer products submit "$P3" --wait
as expert api "/api/v1/products/$P3/data?limit=5"
as expert products statistics "$P3"
refused as expert products return "$P3" --comment " "
as expert products return "$P3" --comment "exclude enterprises without an industry and say so in the description"
as engineer products show "$P3"
REVISION_JOB=$(as engineer jobs submit -w "$GRANT" --wait -q -f "$(file industry-counts-r2.yaml <<'EOF2'
name: industry-counts-r2
steps:
  - sql: >-
      INSERT OVERWRITE TABLE industry_counts SELECT industry, count(*) AS enterprises
      FROM registry.enterprises WHERE industry IS NOT NULL GROUP BY industry
EOF2
)")
as engineer products resubmit "$P3" --job "$REVISION_JOB" --wait
as expert products review "$P3" --approve --opinion "revision 2: industries only, k met"
as expert2 products review "$P3" --approve --opinion agree
as engineer products show "$P3"
