ALTER TABLE "coercion_factor_regions" ADD COLUMN "valid_from" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "coercion_factor_reports" ADD COLUMN "valid_from" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "coercion_factors" ADD COLUMN "valid_from" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "figure_variants" ADD COLUMN "valid_from" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "recruitment_figures" ADD COLUMN "valid_from" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "region_memberships" ADD COLUMN "valid_from" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "regions" ADD COLUMN "valid_from" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "report_publications" ADD COLUMN "valid_from" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "valid_from" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "coercion_factor_regions_valid_from_idx" ON "coercion_factor_regions" ("valid_from") WHERE "valid_from" > 0;--> statement-breakpoint
CREATE INDEX "coercion_factor_reports_valid_from_idx" ON "coercion_factor_reports" ("valid_from") WHERE "valid_from" > 0;--> statement-breakpoint
CREATE INDEX "coercion_factors_valid_from_idx" ON "coercion_factors" ("valid_from") WHERE "valid_from" > 0;--> statement-breakpoint
CREATE INDEX "figure_variants_valid_from_idx" ON "figure_variants" ("valid_from") WHERE "valid_from" > 0;--> statement-breakpoint
CREATE INDEX "recruitment_figures_valid_from_idx" ON "recruitment_figures" ("valid_from") WHERE "valid_from" > 0;--> statement-breakpoint
CREATE INDEX "recruitment_figures_id_valid_from_idx" ON "recruitment_figures" ("id","valid_from");--> statement-breakpoint
CREATE INDEX "region_memberships_valid_from_idx" ON "region_memberships" ("valid_from") WHERE "valid_from" > 0;--> statement-breakpoint
CREATE INDEX "regions_valid_from_idx" ON "regions" ("valid_from") WHERE "valid_from" > 0;--> statement-breakpoint
CREATE INDEX "report_publications_valid_from_idx" ON "report_publications" ("valid_from") WHERE "valid_from" > 0;--> statement-breakpoint
CREATE INDEX "reports_valid_from_idx" ON "reports" ("valid_from") WHERE "valid_from" > 0;--> statement-breakpoint
CREATE INDEX "reports_id_valid_from_idx" ON "reports" ("id","valid_from");