-- AlterTable
ALTER TABLE "audit_events" ADD COLUMN     "tenant_seq" BIGINT,
ADD COLUMN     "xid" xid8 NOT NULL DEFAULT pg_current_xact_id();

-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "last_event_seq" BIGINT NOT NULL DEFAULT 0;

-- Hand-written: number the events written so far, per tenant, in the order they were written
-- (created_at, id), as the writers number new ones: every event of a tenant except a user's own
-- selection of it (user.tenant_selected is not a change to the tenant). Then each tenant's
-- counter continues from its last number.
UPDATE "audit_events" e SET "tenant_seq" = n.seq
FROM (
  SELECT id, row_number() OVER (PARTITION BY tenant_id ORDER BY created_at, id) AS seq
  FROM "audit_events" WHERE tenant_id IS NOT NULL AND action <> 'user.tenant_selected'
) n
WHERE e.id = n.id;

UPDATE "tenants" t SET "last_event_seq" = m.last
FROM (SELECT tenant_id, max(tenant_seq) AS last FROM "audit_events" WHERE tenant_seq IS NOT NULL GROUP BY tenant_id) m
WHERE t.id = m.tenant_id;

-- Hand-written: a sequence number counts from 1 and belongs to a tenant.
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_tenant_seq_check" CHECK (tenant_seq IS NULL OR (tenant_seq > 0 AND tenant_id IS NOT NULL));
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_last_event_seq_check" CHECK (last_event_seq >= 0);

-- CreateIndex
CREATE INDEX "audit_events_xid_id_idx" ON "audit_events"("xid", "id");

-- CreateIndex
CREATE UNIQUE INDEX "audit_events_tenant_id_tenant_seq_key" ON "audit_events"("tenant_id", "tenant_seq");
