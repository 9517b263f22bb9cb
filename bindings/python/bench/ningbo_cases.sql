-- The Ningbo counts (rulesets/ningbo/district.toml, [case_count]) as SQL over a table `cases` of
-- text columns, written by hand from the definitions and their notes: months are calendar months;
-- the assessment moment is the first instant of the next month. The Python tests check kaohe
-- against it on a synthetic year; the case benchmark runs it in DuckDB over the same file.
WITH c AS (
  SELECT case_id, unit, source,
         TRY_CAST(NULLIF(reported_at, '') AS TIMESTAMP) AS reported_at,
         TRY_CAST(NULLIF(filed_at, '') AS TIMESTAMP) AS filed_at,
         TRY_CAST(NULLIF(deadline, '') AS TIMESTAMP) AS deadline,
         TRY_CAST(NULLIF(handled_at, '') AS TIMESTAMP) AS handled_at,
         TRY_CAST(NULLIF(closed_at, '') AS TIMESTAMP) AS closed_at,
         CAST(reworks AS INTEGER) AS reworks, supervised = '1' AS supervised
  FROM cases WHERE coalesce(void, '') <> '1' AND coalesce(unit, '') <> ''
),
by_report AS (
  SELECT unit, strftime(reported_at, '%Y-%m') AS month,
         count(*) FILTER (WHERE source = 'inspector') AS inspector_reports,
         count(*) FILTER (WHERE source = 'inspector' AND filed_at IS NOT NULL) AS inspector_filed
  FROM c WHERE reported_at IS NOT NULL GROUP BY ALL
),
by_deadline AS (
  SELECT unit, strftime(deadline, '%Y-%m') AS month,
         count(*) FILTER (WHERE filed_at IS NOT NULL) AS due,
         count(*) FILTER (WHERE filed_at IS NOT NULL AND closed_at < date_trunc('month', deadline) + INTERVAL 1 MONTH) AS closed,
         count(*) FILTER (WHERE filed_at IS NOT NULL AND closed_at < date_trunc('month', deadline) + INTERVAL 1 MONTH
                          AND handled_at <= deadline) AS closed_on_time,
         count(*) FILTER (WHERE filed_at IS NOT NULL AND reworks >= 1) AS reworked,
         count(*) FILTER (WHERE supervised AND NOT coalesce(closed_at <= deadline, false)) AS supervised_late
  FROM c WHERE deadline IS NOT NULL GROUP BY ALL
)
SELECT coalesce(r.unit, d.unit) AS unit, coalesce(r.month, d.month) AS month,
       coalesce(inspector_reports, 0) AS inspector_reports, coalesce(inspector_filed, 0) AS inspector_filed,
       coalesce(due, 0) AS due, coalesce(closed, 0) AS closed, coalesce(closed_on_time, 0) AS closed_on_time,
       coalesce(reworked, 0) AS reworked, coalesce(supervised_late, 0) AS supervised_late
FROM by_report r FULL JOIN by_deadline d ON r.unit = d.unit AND r.month = d.month
WHERE coalesce(inspector_reports, 0) + coalesce(due, 0) + coalesce(supervised_late, 0) > 0
ORDER BY unit, month
