/*
  Warnings:

  - A unique constraint covering the columns `[year,number]` on the table `incident` will be added. If there are existing duplicate values, this will fail.
  - A unique constraint covering the columns `[incident_id,source_ts]` on the table `timeline_event` will be added. If there are existing duplicate values, this will fail.

*/
-- AlterTable
ALTER TABLE "incident" ADD COLUMN     "number" INTEGER,
ADD COLUMN     "postmortem_markdown" TEXT,
ADD COLUMN     "postmortem_rendered_at" TIMESTAMPTZ(3),
ADD COLUMN     "year" INTEGER;

-- AlterTable
ALTER TABLE "timeline_event" ADD COLUMN     "source_ts" TEXT;

-- CreateTable
CREATE TABLE "action_item" (
    "id" SERIAL NOT NULL,
    "incident_id" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "owner_id" TEXT,
    "due" TEXT,
    "status" TEXT NOT NULL DEFAULT 'outstanding',
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_by" TEXT,

    CONSTRAINT "action_item_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "action_item_incident_id_idx" ON "action_item"("incident_id");

-- CreateIndex
CREATE INDEX "action_item_status_due_idx" ON "action_item"("status", "due");

-- CreateIndex
CREATE UNIQUE INDEX "incident_year_number_key" ON "incident"("year", "number");

-- CreateIndex
CREATE UNIQUE INDEX "timeline_event_incident_id_source_ts_key" ON "timeline_event"("incident_id", "source_ts");

-- AddForeignKey
ALTER TABLE "action_item" ADD CONSTRAINT "action_item_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;
