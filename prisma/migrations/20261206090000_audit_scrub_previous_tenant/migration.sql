-- A `user.tenant_selected` event used to record the tenant the user came from, which put another
-- tenant's id into the selected tenant's trail. Scrubbed at rest, not filtered on read, so no
-- reader of the table (GraphQL, REST, the CLI, an export) can meet it again.
UPDATE "audit_events"
SET "details" = "details" - 'previousTenantId'
WHERE "action" = 'user.tenant_selected' AND "details" -> 'previousTenantId' IS NOT NULL;
