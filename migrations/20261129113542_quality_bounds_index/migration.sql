-- Hand-written (drizzle-kit cannot declare INCLUDE columns): the group checks of dataQualityIssues probe
-- a member's figures of one metric by period, once per group figure (REGIONS_EXCEED_TOTAL) or per group
-- period (GROUP_MEMBERS_CONFLICT), and need only the bounds, unit and kind of each. With them in the
-- index the probes are index-only: no heap page per candidate figure (docs/analytics.md, "Scale").
CREATE INDEX "recruitment_figures_member_bounds_idx" ON "recruitment_figures" ("region_id", "metric", "period_start", "period_end") INCLUDE ("unit", "period_kind", "low", "high", "id");
