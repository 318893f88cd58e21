-- AlterTable
ALTER TABLE "incident" ADD COLUMN     "private" BOOLEAN NOT NULL DEFAULT false;
