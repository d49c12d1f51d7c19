-- Hand edit: the generated `CREATE SCHEMA IF NOT EXISTS "public"` is removed. The schema always
-- exists, and PostgreSQL checks CREATE privilege on the database before IF NOT EXISTS, so the
-- line would fail for an application role that may only create tables.

-- CreateEnum
CREATE TYPE "Capability" AS ENUM ('MANAGE_USERS');

-- CreateEnum
CREATE TYPE "DatasetPermissionKind" AS ENUM ('read', 'write', 'delete', 'share');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" TEXT NOT NULL,
    "email_key" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "active_tenant_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tenants" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "owner_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tenants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "memberships" (
    "user_id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "memberships_pkey" PRIMARY KEY ("user_id","tenant_id")
);

-- CreateTable
CREATE TABLE "roles" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "capabilities" "Capability"[] DEFAULT ARRAY[]::"Capability"[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "roles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "role_assignments" (
    "user_id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "role_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "role_assignments_pkey" PRIMARY KEY ("user_id","tenant_id","role_id")
);

-- CreateTable
CREATE TABLE "datasets" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "owner_id" UUID NOT NULL,
    "tenant_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "datasets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dataset_permissions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "dataset_id" UUID NOT NULL,
    "tenant_id" UUID,
    "permission" "DatasetPermissionKind" NOT NULL,
    "user_id" UUID,
    "role_id" UUID,
    "principal_tenant_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dataset_permissions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "actor_id" UUID,
    "action" TEXT NOT NULL,
    "tenant_id" UUID,
    "target_user_id" UUID,
    "details" JSONB NOT NULL DEFAULT '{}',
    "request_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key_key" ON "users"("email_key");

-- CreateIndex
CREATE UNIQUE INDEX "users_id_active_tenant_id_key" ON "users"("id", "active_tenant_id");

-- CreateIndex
CREATE INDEX "tenants_owner_id_idx" ON "tenants"("owner_id");

-- CreateIndex
CREATE UNIQUE INDEX "tenants_owner_id_id_key" ON "tenants"("owner_id", "id");

-- CreateIndex
CREATE INDEX "memberships_tenant_id_user_id_idx" ON "memberships"("tenant_id", "user_id");

-- CreateIndex
CREATE UNIQUE INDEX "roles_tenant_id_name_key" ON "roles"("tenant_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "roles_id_tenant_id_key" ON "roles"("id", "tenant_id");

-- CreateIndex
CREATE INDEX "role_assignments_role_id_idx" ON "role_assignments"("role_id");

-- CreateIndex
CREATE UNIQUE INDEX "role_assignments_user_id_role_id_key" ON "role_assignments"("user_id", "role_id");

-- CreateIndex
CREATE INDEX "datasets_tenant_id_idx" ON "datasets"("tenant_id");

-- CreateIndex
CREATE INDEX "datasets_owner_id_idx" ON "datasets"("owner_id");

-- CreateIndex
CREATE UNIQUE INDEX "datasets_id_tenant_id_key" ON "datasets"("id", "tenant_id");

-- CreateIndex
CREATE INDEX "dataset_permissions_user_id_tenant_id_idx" ON "dataset_permissions"("user_id", "tenant_id");

-- CreateIndex
CREATE INDEX "dataset_permissions_role_id_idx" ON "dataset_permissions"("role_id");

-- CreateIndex
CREATE INDEX "dataset_permissions_principal_tenant_id_idx" ON "dataset_permissions"("principal_tenant_id");

-- CreateIndex
CREATE UNIQUE INDEX "dataset_permissions_dataset_id_user_id_permission_key" ON "dataset_permissions"("dataset_id", "user_id", "permission");

-- CreateIndex
CREATE UNIQUE INDEX "dataset_permissions_dataset_id_role_id_permission_key" ON "dataset_permissions"("dataset_id", "role_id", "permission");

-- CreateIndex
CREATE UNIQUE INDEX "dataset_permissions_dataset_id_principal_tenant_id_permissi_key" ON "dataset_permissions"("dataset_id", "principal_tenant_id", "permission");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_hash_key" ON "api_keys"("hash");

-- CreateIndex
CREATE INDEX "api_keys_user_id_idx" ON "api_keys"("user_id");

-- CreateIndex
CREATE INDEX "audit_events_tenant_id_created_at_idx" ON "audit_events"("tenant_id", "created_at");

-- CreateIndex
CREATE INDEX "audit_events_target_user_id_idx" ON "audit_events"("target_user_id");

-- AddForeignKey
-- Hand edit: SET NULL narrowed to ("active_tenant_id") (PostgreSQL >= 15). Losing the membership
-- clears the active tenant; plain SET NULL would also null "id", the primary key.
ALTER TABLE "users" ADD CONSTRAINT "users_id_active_tenant_id_fkey" FOREIGN KEY ("id", "active_tenant_id") REFERENCES "memberships"("user_id", "tenant_id") ON DELETE SET NULL ("active_tenant_id") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
-- Hand edit: DEFERRABLE INITIALLY DEFERRED. A tenant and its owner's membership reference each
-- other, so they are inserted in one transaction and this is checked at commit. ON DELETE
-- RESTRICT is never deferred: removing the owner's membership still fails at once.
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_owner_id_id_fkey" FOREIGN KEY ("owner_id", "id") REFERENCES "memberships"("user_id", "tenant_id") ON DELETE RESTRICT ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED;

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "roles" ADD CONSTRAINT "roles_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_user_id_tenant_id_fkey" FOREIGN KEY ("user_id", "tenant_id") REFERENCES "memberships"("user_id", "tenant_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_role_id_tenant_id_fkey" FOREIGN KEY ("role_id", "tenant_id") REFERENCES "roles"("id", "tenant_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "datasets" ADD CONSTRAINT "datasets_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "datasets" ADD CONSTRAINT "datasets_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dataset_permissions" ADD CONSTRAINT "dataset_permissions_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dataset_permissions" ADD CONSTRAINT "dataset_permissions_dataset_id_tenant_id_fkey" FOREIGN KEY ("dataset_id", "tenant_id") REFERENCES "datasets"("id", "tenant_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dataset_permissions" ADD CONSTRAINT "dataset_permissions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dataset_permissions" ADD CONSTRAINT "dataset_permissions_user_id_tenant_id_fkey" FOREIGN KEY ("user_id", "tenant_id") REFERENCES "memberships"("user_id", "tenant_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dataset_permissions" ADD CONSTRAINT "dataset_permissions_role_id_tenant_id_fkey" FOREIGN KEY ("role_id", "tenant_id") REFERENCES "roles"("id", "tenant_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dataset_permissions" ADD CONSTRAINT "dataset_permissions_principal_tenant_id_fkey" FOREIGN KEY ("principal_tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------
-- Hand-written below: what schema.prisma cannot say. Prisma's diff ignores CHECK constraints,
-- functions and triggers, so the drift check stays clean with them in place.
-- ---------------------------------------------------------------------------------------------

-- Hand edit: email_key is the case-insensitive identity the unique index works on; the CHECK
-- keeps a caller from storing a key that disagrees with the email.
ALTER TABLE "users" ADD CONSTRAINT "users_email_key_lower_check" CHECK ("email_key" = lower("email"));

-- Hand edit: a permission has exactly one principal (a user, a role or a whole tenant).
ALTER TABLE "dataset_permissions" ADD CONSTRAINT "dataset_permissions_one_principal_check"
    CHECK (num_nonnulls("user_id", "role_id", "principal_tenant_id") = 1);

-- Hand edit: a role belongs to a tenant, so it is a principal only on a tenant's dataset (with a
-- null tenant_id the (role_id, tenant_id) foreign key would not be checked at all).
ALTER TABLE "dataset_permissions" ADD CONSTRAINT "dataset_permissions_role_on_tenant_dataset_check"
    CHECK ("role_id" IS NULL OR "tenant_id" IS NOT NULL);

-- Hand edit: a tenant principal is only the dataset's own tenant.
ALTER TABLE "dataset_permissions" ADD CONSTRAINT "dataset_permissions_tenant_principal_check"
    CHECK ("principal_tenant_id" IS NULL OR ("tenant_id" IS NOT NULL AND "principal_tenant_id" = "tenant_id"));

-- Hand edit: tenant_id is always the dataset's tenant, derived here rather than trusted from the
-- caller: a grant with tenant_id left null would skip the (user_id, tenant_id) membership key.
-- Also fires for the ON UPDATE CASCADE from datasets, so it stays right when a dataset moves.
CREATE FUNCTION "dataset_permissions_derive_tenant_id"() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    SELECT d."tenant_id" INTO NEW."tenant_id" FROM "datasets" d WHERE d."id" = NEW."dataset_id";
    RETURN NEW;
END;
$$;

CREATE TRIGGER "dataset_permissions_derive_tenant_id"
    BEFORE INSERT OR UPDATE ON "dataset_permissions"
    FOR EACH ROW EXECUTE FUNCTION "dataset_permissions_derive_tenant_id"();

-- Hand edit: when a personal dataset joins a tenant, its grants had tenant_id null, which no
-- foreign key cascades from; re-deriving it here makes the membership key apply (a grantee who
-- is not a member of that tenant then makes the move fail). Moves between tenants are already
-- covered by the ON UPDATE CASCADE of (dataset_id, tenant_id).
CREATE FUNCTION "datasets_propagate_tenant_id"() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "dataset_permissions" SET "tenant_id" = NEW."tenant_id"
     WHERE "dataset_id" = NEW."id" AND "tenant_id" IS DISTINCT FROM NEW."tenant_id";
    RETURN NULL;
END;
$$;

CREATE TRIGGER "datasets_propagate_tenant_id"
    AFTER UPDATE OF "tenant_id" ON "datasets"
    FOR EACH ROW WHEN (OLD."tenant_id" IS DISTINCT FROM NEW."tenant_id")
    EXECUTE FUNCTION "datasets_propagate_tenant_id"();
