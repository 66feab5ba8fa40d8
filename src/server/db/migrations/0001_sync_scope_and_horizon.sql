CREATE TABLE "sync_revocations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"business_id" uuid NOT NULL,
	"version" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sync_conflicts" ADD COLUMN "business_id" uuid;--> statement-breakpoint
ALTER TABLE "sync_conflicts" ADD COLUMN "version" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sync_state" ADD COLUMN "horizon" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sync_revocations" ADD CONSTRAINT "sync_revocations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_revocations" ADD CONSTRAINT "sync_revocations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sync_revocations_user_version_idx" ON "sync_revocations" USING btree ("user_id","version");--> statement-breakpoint
CREATE INDEX "sync_revocations_user_business_idx" ON "sync_revocations" USING btree ("user_id","business_id");--> statement-breakpoint
CREATE INDEX "sync_conflicts_org_version_idx" ON "sync_conflicts" USING btree ("organisation_id","version");--> statement-breakpoint
-- Conflicts kept before this migration: find their business so the phones in its scope receive them.
UPDATE "sync_conflicts" SET "business_id" = "row_id" WHERE "table_name" = 'businesses';--> statement-breakpoint
UPDATE "sync_conflicts" c SET "business_id" = v."business_id" FROM "visits" v WHERE c."table_name" = 'visits' AND v."id" = c."row_id";--> statement-breakpoint
UPDATE "sync_conflicts" c SET "business_id" = f."business_id" FROM "follow_ups" f WHERE c."table_name" = 'followUps' AND f."id" = c."row_id";
--> statement-breakpoint
-- ... and at a new version of their organisation, so phones already past every old version still get them.
UPDATE "sync_state" SET "version" = "version" + 1 WHERE "organisation_id" IN (SELECT "organisation_id" FROM "sync_conflicts");--> statement-breakpoint
UPDATE "sync_conflicts" c SET "version" = s."version" FROM "sync_state" s WHERE s."organisation_id" = c."organisation_id";
