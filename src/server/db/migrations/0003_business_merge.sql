CREATE TABLE "business_merges" (
	"duplicate_id" uuid PRIMARY KEY NOT NULL,
	"survivor_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"taken" jsonb NOT NULL,
	"before" jsonb NOT NULL,
	"by_user_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "business_merges" ADD CONSTRAINT "business_merges_duplicate_id_businesses_id_fk" FOREIGN KEY ("duplicate_id") REFERENCES "public"."businesses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "business_merges" ADD CONSTRAINT "business_merges_survivor_id_businesses_id_fk" FOREIGN KEY ("survivor_id") REFERENCES "public"."businesses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "business_merges" ADD CONSTRAINT "business_merges_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "business_merges" ADD CONSTRAINT "business_merges_by_user_id_users_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "business_merges_survivor_idx" ON "business_merges" USING btree ("survivor_id");