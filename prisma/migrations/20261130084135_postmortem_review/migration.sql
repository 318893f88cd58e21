-- AlterTable
ALTER TABLE "incident" ADD COLUMN     "archived_at" TIMESTAMPTZ(3),
ADD COLUMN     "postmortem_done_at" TIMESTAMPTZ(3),
ADD COLUMN     "postmortem_done_by" TEXT,
ADD COLUMN     "postmortem_shared" JSONB;
