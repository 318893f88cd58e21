-- AlterTable
ALTER TABLE "page" ADD COLUMN     "alert_group_id" INTEGER,
ALTER COLUMN "incident_id" DROP NOT NULL;

-- CreateTable
CREATE TABLE "alert_group" (
    "id" SERIAL NOT NULL,
    "integration" TEXT NOT NULL,
    "group_key" TEXT NOT NULL,
    "current" BOOLEAN DEFAULT true,
    "title" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "severity" TEXT,
    "state" TEXT NOT NULL DEFAULT 'firing',
    "received" INTEGER NOT NULL DEFAULT 0,
    "group_labels" JSONB NOT NULL,
    "external_url" TEXT,
    "truncated" INTEGER NOT NULL DEFAULT 0,
    "channel_id" TEXT,
    "ts" TEXT,
    "message_at" TIMESTAMPTZ(3),
    "acknowledged_at" TIMESTAMPTZ(3),
    "acknowledged_by" TEXT,
    "resolved_at" TIMESTAMPTZ(3),
    "resolved_by" TEXT,
    "incident_id" INTEGER,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "last_alert_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alert_group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert" (
    "id" SERIAL NOT NULL,
    "group_id" INTEGER NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "labels" JSONB NOT NULL,
    "annotations" JSONB NOT NULL,
    "links" JSONB NOT NULL,
    "value" TEXT,
    "starts_at" TIMESTAMPTZ(3),
    "ends_at" TIMESTAMPTZ(3),
    "received" INTEGER NOT NULL DEFAULT 1,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "alert_group_state_idx" ON "alert_group"("state");

-- CreateIndex
CREATE UNIQUE INDEX "alert_group_integration_group_key_current_key" ON "alert_group"("integration", "group_key", "current");

-- CreateIndex
CREATE UNIQUE INDEX "alert_group_id_fingerprint_key" ON "alert"("group_id", "fingerprint");

-- CreateIndex
CREATE INDEX "page_alert_group_id_idx" ON "page"("alert_group_id");

-- AddForeignKey
ALTER TABLE "page" ADD CONSTRAINT "page_alert_group_id_fkey" FOREIGN KEY ("alert_group_id") REFERENCES "alert_group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_group" ADD CONSTRAINT "alert_group_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert" ADD CONSTRAINT "alert_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "alert_group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A page always belongs to something: its incident, its alert group, or both (after a declare).
ALTER TABLE "page" ADD CONSTRAINT "page_has_owner" CHECK ("incident_id" IS NOT NULL OR "alert_group_id" IS NOT NULL);
