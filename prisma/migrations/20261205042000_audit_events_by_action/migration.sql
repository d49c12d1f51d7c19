-- CreateIndex
CREATE INDEX "audit_events_tenant_id_action_created_at_id_idx" ON "audit_events"("tenant_id", "action", "created_at" DESC, "id" DESC);
