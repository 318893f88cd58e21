-- CreateTable
CREATE TABLE "swap_request" (
    "id" SERIAL NOT NULL,
    "schedule" TEXT NOT NULL,
    "layer" TEXT NOT NULL DEFAULT 'primary',
    "requester" TEXT NOT NULL,
    "shift_start" TIMESTAMPTZ(3) NOT NULL,
    "shift_end" TIMESTAMPTZ(3) NOT NULL,
    "channel" TEXT NOT NULL,
    "channel_id" TEXT,
    "message_ts" TEXT,
    "status" TEXT NOT NULL DEFAULT 'open',
    "taken_by" TEXT,
    "taken_at" TIMESTAMPTZ(3),
    "part_start" TIMESTAMPTZ(3),
    "part_end" TIMESTAMPTZ(3),
    "reminded_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "swap_request_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "swap_request_status_shift_start_idx" ON "swap_request"("status", "shift_start");
