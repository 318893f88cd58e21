-- CreateTable
CREATE TABLE "app_home_viewer" (
    "user_id" TEXT NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "published_hash" TEXT,
    "published_at" TIMESTAMPTZ(3),

    CONSTRAINT "app_home_viewer_pkey" PRIMARY KEY ("user_id")
);

-- CreateIndex
CREATE INDEX "app_home_viewer_opened_at_idx" ON "app_home_viewer"("opened_at");
