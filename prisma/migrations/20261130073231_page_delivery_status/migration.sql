-- AlterTable
ALTER TABLE "page_notification" ADD COLUMN     "failure" TEXT,
ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'pending';
