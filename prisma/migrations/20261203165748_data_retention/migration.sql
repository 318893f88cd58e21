-- AlterTable
ALTER TABLE "alert" ADD COLUMN     "payload_removed_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "timeline_event" ADD COLUMN     "text_removed_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "alert_last_seen_at_idx" ON "alert"("last_seen_at");

-- CreateIndex
CREATE INDEX "incident_closed_at_idx" ON "incident"("closed_at");

-- CreateIndex
CREATE INDEX "timeline_event_kind_at_idx" ON "timeline_event"("kind", "at");
