-- DropIndex
DROP INDEX "audit_events_tenant_id_created_at_idx";

-- AlterTable
ALTER TABLE "audit_events" ADD COLUMN     "batch_id" UUID;

-- CreateIndex
CREATE INDEX "audit_events_tenant_id_created_at_id_idx" ON "audit_events"("tenant_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "audit_events_tenant_id_target_user_id_created_at_id_idx" ON "audit_events"("tenant_id", "target_user_id", "created_at" DESC, "id" DESC);
