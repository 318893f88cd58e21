-- AlterTable
ALTER TABLE "job" ADD COLUMN     "alert_group_id" INTEGER;

-- CreateIndex
CREATE INDEX "job_alert_group_id_idx" ON "job"("alert_group_id");

-- An alert group pages through one page of its own at a time (a page handed to an incident belongs
-- to that incident). A group paged twice before this index keeps its first open page, and the later ones stop.
UPDATE "page" p SET "state" = 'cancelled'
WHERE p."state" = 'open' AND p."incident_id" IS NULL AND p."alert_group_id" IS NOT NULL
  AND EXISTS (
    SELECT 1 FROM "page" q
    WHERE q."alert_group_id" = p."alert_group_id" AND q."state" = 'open' AND q."incident_id" IS NULL AND q."id" < p."id");

CREATE UNIQUE INDEX "page_one_open_per_alert_group" ON "page"("alert_group_id") WHERE "state" = 'open' AND "incident_id" IS NULL;
