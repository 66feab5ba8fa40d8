CREATE TABLE "dashboard_business_facts" (
	"business_id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"district_code" text NOT NULL,
	"status" text NOT NULL,
	"has_coach" boolean NOT NULL,
	"last_at" timestamp with time zone,
	"since" timestamp with time zone,
	"naik" boolean NOT NULL,
	"flat" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dashboard_checklist_spans" (
	"visit_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"business_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"district_code" text NOT NULL,
	"is_food" boolean NOT NULL,
	"visited_at" timestamp with time zone NOT NULL,
	"next_at" timestamp with time zone,
	"done_mask" bigint NOT NULL,
	CONSTRAINT "dashboard_checklist_spans_visit_id_kind_pk" PRIMARY KEY("visit_id","kind")
);
--> statement-breakpoint
CREATE TABLE "dashboard_state" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	"signature" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dashboard_business_facts" ADD CONSTRAINT "dashboard_business_facts_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dashboard_checklist_spans" ADD CONSTRAINT "dashboard_checklist_spans_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dashboard_state" ADD CONSTRAINT "dashboard_state_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dashboard_business_facts_org_idx" ON "dashboard_business_facts" USING btree ("organisation_id","district_code");--> statement-breakpoint
CREATE INDEX "dashboard_checklist_spans_org_idx" ON "dashboard_checklist_spans" USING btree ("organisation_id","kind","visited_at");--> statement-breakpoint
CREATE INDEX "dashboard_checklist_spans_business_idx" ON "dashboard_checklist_spans" USING btree ("business_id");