-- CreateIndex
CREATE INDEX "audit_events_tenant_id_actor_id_created_at_id_idx" ON "audit_events"("tenant_id", "actor_id", "created_at" DESC, "id" DESC);
