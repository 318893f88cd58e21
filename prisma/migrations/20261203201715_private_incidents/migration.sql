-- AlterTable
ALTER TABLE "incident" ADD COLUMN     "channel_private" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "private" BOOLEAN NOT NULL DEFAULT false;
