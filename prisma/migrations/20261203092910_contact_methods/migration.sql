-- CreateTable
CREATE TABLE "contact_method" (
    "id" SERIAL NOT NULL,
    "user_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "verified_at" TIMESTAMPTZ(3),
    "code_hash" TEXT,
    "code_expires_at" TIMESTAMPTZ(3),
    "code_attempts" INTEGER NOT NULL DEFAULT 0,
    "disabled_at" TIMESTAMPTZ(3),
    "disabled_reason" TEXT,
    "secret" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "contact_method_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_rule" (
    "user_id" TEXT NOT NULL,
    "urgency" TEXT NOT NULL,
    "steps" JSONB NOT NULL,

    CONSTRAINT "notification_rule_pkey" PRIMARY KEY ("user_id","urgency")
);

-- CreateTable
CREATE TABLE "page_contact" (
    "id" SERIAL NOT NULL,
    "page_id" INTEGER NOT NULL,
    "level" INTEGER NOT NULL,
    "cycle" INTEGER NOT NULL,
    "user_id" TEXT NOT NULL,
    "rule_step" INTEGER NOT NULL,
    "method" TEXT NOT NULL,
    "address" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "failure" TEXT,
    "provider_id" TEXT,
    "token_used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "page_contact_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "contact_method_user_id_idx" ON "contact_method"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "contact_method_user_id_kind_address_key" ON "contact_method"("user_id", "kind", "address");

-- CreateIndex
CREATE INDEX "page_contact_provider_id_idx" ON "page_contact"("provider_id");

-- CreateIndex
CREATE INDEX "page_contact_address_sent_at_idx" ON "page_contact"("address", "sent_at");

-- CreateIndex
CREATE UNIQUE INDEX "page_contact_page_id_level_cycle_user_id_rule_step_key" ON "page_contact"("page_id", "level", "cycle", "user_id", "rule_step");

-- AddForeignKey
ALTER TABLE "page_contact" ADD CONSTRAINT "page_contact_page_id_fkey" FOREIGN KEY ("page_id") REFERENCES "page"("id") ON DELETE CASCADE ON UPDATE CASCADE;
