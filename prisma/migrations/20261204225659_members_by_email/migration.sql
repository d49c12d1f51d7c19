-- DropForeignKey
ALTER TABLE "memberships" DROP CONSTRAINT "memberships_user_id_fkey";

-- AlterTable
ALTER TABLE "memberships" ADD COLUMN     "member_email_key" TEXT NOT NULL DEFAULT '';

-- Hand edit: existing memberships take their user's key before the key below checks it.
UPDATE "memberships" m SET "member_email_key" = u."email_key" FROM "users" u WHERE u."id" = m."user_id";

-- Hand edit: the database, not the application, writes member_email_key: on insert (and on a
-- change of user_id) it is copied from the user; the foreign key below refuses any other value
-- and cascades a change of users.email_key. The column default is never stored.
CREATE FUNCTION "memberships_copy_member_email_key"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."member_email_key" := (SELECT u."email_key" FROM "users" u WHERE u."id" = NEW."user_id");
  RETURN NEW;
END $$;
CREATE TRIGGER "memberships_copy_member_email_key" BEFORE INSERT OR UPDATE OF "user_id" ON "memberships"
  FOR EACH ROW EXECUTE FUNCTION "memberships_copy_member_email_key"();

-- CreateIndex
-- Hand edit: COLLATE "C" on the key: members pages order by byte order of the lower-cased
-- email (the same on every server and locale), and only an index of that collation gives it.
CREATE INDEX "memberships_tenant_id_member_email_key_user_id_idx" ON "memberships"("tenant_id", "member_email_key" COLLATE "C", "user_id");

-- CreateIndex
CREATE UNIQUE INDEX "users_id_email_key_key" ON "users"("id", "email_key");

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_member_email_key_fkey" FOREIGN KEY ("user_id", "member_email_key") REFERENCES "users"("id", "email_key") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand edit: no user has the nil id, so (key, nil id) is a position before every member with
-- that email key: the members page starts its index scan there (list-member-pages.ts).
ALTER TABLE "users" ADD CONSTRAINT "users_id_not_nil" CHECK ("id" <> '00000000-0000-0000-0000-000000000000');
