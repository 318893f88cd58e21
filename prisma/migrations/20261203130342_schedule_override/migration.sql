-- CreateTable
CREATE TABLE "schedule_override" (
    "id" SERIAL NOT NULL,
    "schedule" TEXT NOT NULL,
    "layer" TEXT NOT NULL DEFAULT 'primary',
    "user_id" TEXT NOT NULL,
    "covers_user_id" TEXT,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "removed_at" TIMESTAMPTZ(3),
    "removed_by" TEXT,

    CONSTRAINT "schedule_override_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "schedule_override_schedule_ends_at_idx" ON "schedule_override"("schedule", "ends_at");
