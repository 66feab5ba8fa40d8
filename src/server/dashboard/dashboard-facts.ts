/**
 * Keeps the dashboard's per-business tables (dashboard_business_facts, dashboard_checklist_spans)
 * current, so a dashboard read sums 22,000 prepared rows instead of re-reading 100,000 visits.
 *
 * Every synced write stamps the organisation's next version on its row (sync.md), so "what changed
 * since the tables were last brought up to date" is the businesses with a business, visit or
 * checklist row above the stored version: only those are recomputed, with the same statements
 * (dashboard-queries.ts) that compute them all the first time. Nothing on the write path changes:
 * a push stays as fast as before, and the first dashboard read after it pays for what it wrote.
 */
import { and, eq, gt, sql } from 'drizzle-orm';
import { CHECKLIST_TEMPLATES } from '@/shared/checklists';
import { rowsOf, type Db } from '../db/connect';
import {
  businesses,
  checklistStates,
  dashboardBusinessFacts,
  dashboardChecklistSpans,
  dashboardState,
  organisations,
  syncState,
  visits,
} from '../db/schema';
import { amongBusinesses, factRowsSelect, spanRowsSelect } from './dashboard-queries';

/** Above this many changed businesses, rebuilding everything is cheaper than picking them out. */
const FULL_REBUILD_ABOVE = 3_000;

/** What the stored item masks were built against: the checklist templates' versions and items. */
export const TEMPLATE_SIGNATURE = CHECKLIST_TEMPLATES.map(
  (template) => `${template.kind}@${template.version}:${template.items.map((item) => item.id).join(',')}`,
).join('|');

export type FactsRefresh = { full: boolean; businesses: number; version: number };

export async function refreshDashboardFacts(db: Db, organisationId: string): Promise<FactsRefresh> {
  // Read committed is enough: pushes take versions one at a time under the sync_state row lock and
  // commit with them, so every row at or below the version read here is already visible. A row
  // above it that shows up anyway is recomputed again by the next refresh.
  return db.transaction(async (tx) => {
    await tx.insert(dashboardState).values({ organisationId }).onConflictDoNothing();
    // Refreshes of one organisation take turns.
    const [state] = await tx
      .select()
      .from(dashboardState)
      .where(eq(dashboardState.organisationId, organisationId))
      .for('update');
    const [current] = await tx
      .select({ version: syncState.version })
      .from(syncState)
      .where(eq(syncState.organisationId, organisationId));
    const version = current?.version ?? 0;
    const since = state?.signature === TEMPLATE_SIGNATURE ? (state.version ?? 0) : -1;
    if (since >= version) return { full: false, businesses: 0, version };

    let ids: string[] | null = null;
    if (since >= 0) {
      const changed = await tx.execute(sql`
          SELECT id AS business_id FROM ${businesses}
            WHERE ${and(eq(businesses.organisationId, organisationId), gt(businesses.version, since))}
          UNION SELECT business_id FROM ${visits}
            WHERE ${and(eq(visits.organisationId, organisationId), gt(visits.version, since))}
          UNION SELECT business_id FROM ${checklistStates}
            WHERE ${and(eq(checklistStates.organisationId, organisationId), gt(checklistStates.version, since))}`);
      const found = rowsOf<{ business_id: string }>(changed).map((row) => row.business_id);
      if (found.length <= FULL_REBUILD_ABOVE) ids = found;
    }

    if (ids === null || ids.length > 0) {
      await tx.execute(
        sql`DELETE FROM ${dashboardBusinessFacts} WHERE ${dashboardBusinessFacts.organisationId} = ${organisationId} ${amongBusinesses(dashboardBusinessFacts.businessId, ids)}`,
      );
      await tx.execute(
        sql`DELETE FROM ${dashboardChecklistSpans} WHERE ${dashboardChecklistSpans.organisationId} = ${organisationId} ${amongBusinesses(dashboardChecklistSpans.businessId, ids)}`,
      );
      await tx.execute(sql`
          INSERT INTO dashboard_business_facts
            (business_id, organisation_id, name, district_code, status, has_coach, last_at, since, naik, flat)
          ${factRowsSelect(organisationId, ids)}`);
      await tx.execute(sql`
          INSERT INTO dashboard_checklist_spans
            (visit_id, kind, business_id, organisation_id, district_code, is_food, visited_at, next_at, done_mask)
          ${spanRowsSelect(organisationId, ids)}`);
    }
    await tx
      .update(dashboardState)
      .set({ version, signature: TEMPLATE_SIGNATURE })
      .where(eq(dashboardState.organisationId, organisationId));
    return { full: ids === null, businesses: ids?.length ?? -1, version };
  });
}

/**
 * Brings every organisation's tables up to date: at start (after an upgrade or an import the first
 * read would otherwise pay for all of it) and every few minutes, so a coordinator's read only
 * recomputes the last few minutes' writes.
 */
export async function refreshAllDashboards(db: Db): Promise<FactsRefresh[]> {
  const all = await db.select({ id: organisations.id }).from(organisations);
  const refreshed: FactsRefresh[] = [];
  for (const organisation of all) refreshed.push(await refreshDashboardFacts(db, organisation.id));
  return refreshed;
}
