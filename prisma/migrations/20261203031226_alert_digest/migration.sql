-- AlterTable
ALTER TABLE "alert_group" ADD COLUMN     "digest_id" INTEGER,
ADD COLUMN     "left_digest_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "alert_digest" (
    "id" SERIAL NOT NULL,
    "channel" TEXT NOT NULL,
    "channel_id" TEXT,
    "ts" TEXT,
    "message_at" TIMESTAMPTZ(3),
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "last_joined_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alert_digest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "alert_digest_channel_last_joined_at_idx" ON "alert_digest"("channel", "last_joined_at");

-- CreateIndex
CREATE INDEX "alert_group_integration_created_at_idx" ON "alert_group"("integration", "created_at");

-- CreateIndex
CREATE INDEX "alert_group_digest_id_idx" ON "alert_group"("digest_id");

-- AddForeignKey
ALTER TABLE "alert_group" ADD CONSTRAINT "alert_group_digest_id_fkey" FOREIGN KEY ("digest_id") REFERENCES "alert_digest"("id") ON DELETE SET NULL ON UPDATE CASCADE;
