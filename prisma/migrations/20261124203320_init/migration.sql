-- CreateTable
CREATE TABLE "incident" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "severity" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'investigating',
    "state" TEXT NOT NULL DEFAULT 'open',
    "reporter_id" TEXT NOT NULL,
    "origin_channel_id" TEXT,
    "channel_id" TEXT,
    "channel_name" TEXT,
    "summary_ts" TEXT,
    "summary_pinned" BOOLEAN NOT NULL DEFAULT false,
    "announce_ts" TEXT,
    "provisioned_at" TIMESTAMPTZ(3),
    "provision_error" TEXT,
    "declared_at" TIMESTAMPTZ(3) NOT NULL,
    "last_update_at" TIMESTAMPTZ(3),
    "missed_updates" INTEGER NOT NULL DEFAULT 0,
    "timer_started_at" TIMESTAMPTZ(3),
    "timer_elapsed_ms" BIGINT NOT NULL DEFAULT 0,
    "acknowledged_at" TIMESTAMPTZ(3),
    "acknowledged_by" TEXT,
    "resolved_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "closed_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "role_assignment" (
    "incident_id" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "assigned_by" TEXT NOT NULL,
    "assigned_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "role_assignment_pkey" PRIMARY KEY ("incident_id","role")
);

-- CreateTable
CREATE TABLE "timeline_event" (
    "id" BIGSERIAL NOT NULL,
    "incident_id" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor_id" TEXT,
    "kind" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "data" JSONB,

    CONSTRAINT "timeline_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "page" (
    "id" SERIAL NOT NULL,
    "incident_id" INTEGER NOT NULL,
    "message" TEXT NOT NULL,
    "paged_by" TEXT,
    "ad_hoc_targets" JSONB,
    "policy" TEXT,
    "level" INTEGER NOT NULL DEFAULT 0,
    "cycle" INTEGER NOT NULL DEFAULT 0,
    "state" TEXT NOT NULL DEFAULT 'open',
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "acknowledged_at" TIMESTAMPTZ(3),
    "acknowledged_by" TEXT,

    CONSTRAINT "page_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "page_notification" (
    "id" SERIAL NOT NULL,
    "page_id" INTEGER NOT NULL,
    "level" INTEGER NOT NULL,
    "cycle" INTEGER NOT NULL,
    "user_id" TEXT NOT NULL,
    "channel_id" TEXT,
    "ts" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "page_notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "lane" TEXT NOT NULL,
    "incident_id" INTEGER,
    "payload" JSONB NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "version" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lease_until" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "result" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "schedule_handoff" (
    "schedule" TEXT NOT NULL,
    "handoff_at" TIMESTAMPTZ(3) NOT NULL,
    "incoming" TEXT,
    "outgoing" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "schedule_handoff_pkey" PRIMARY KEY ("schedule","handoff_at")
);

-- CreateIndex
CREATE UNIQUE INDEX "incident_channel_id_key" ON "incident"("channel_id");

-- CreateIndex
CREATE INDEX "incident_state_idx" ON "incident"("state");

-- CreateIndex
CREATE INDEX "timeline_event_incident_id_at_idx" ON "timeline_event"("incident_id", "at");

-- CreateIndex
CREATE INDEX "page_incident_id_idx" ON "page"("incident_id");

-- CreateIndex
CREATE UNIQUE INDEX "page_notification_page_id_level_cycle_user_id_key" ON "page_notification"("page_id", "level", "cycle", "user_id");

-- CreateIndex
CREATE UNIQUE INDEX "job_key_key" ON "job"("key");

-- CreateIndex
CREATE INDEX "job_state_lane_due_at_idx" ON "job"("state", "lane", "due_at");

-- CreateIndex
CREATE INDEX "job_incident_id_idx" ON "job"("incident_id");

-- AddForeignKey
ALTER TABLE "role_assignment" ADD CONSTRAINT "role_assignment_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "timeline_event" ADD CONSTRAINT "timeline_event_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "page" ADD CONSTRAINT "page_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "page_notification" ADD CONSTRAINT "page_notification_page_id_fkey" FOREIGN KEY ("page_id") REFERENCES "page"("id") ON DELETE CASCADE ON UPDATE CASCADE;
