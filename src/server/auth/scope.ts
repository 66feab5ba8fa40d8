/**
 * Which rows a user may read, as SQL conditions: the list routes and the sync pull use the same
 * ones, so a phone can never download what the API would refuse to show.
 */
import { and, eq, inArray, isNull, or, type SQL } from 'drizzle-orm';
import type { Db } from '../db/connect';
import { businesses } from '../db/schema';
import type { AuthenticatedUser } from './sessions';

/**
 * A coordinator reads the whole organisation; a coach the businesses assigned to them or that they
 * created; an owner only their own. Always within the user's organisation.
 */
export function businessScope(user: AuthenticatedUser): SQL {
  const sameOrganisation = eq(businesses.organisationId, user.organisationId);
  switch (user.role) {
    case 'coordinator':
      return sameOrganisation;
    case 'coach':
      return and(
        sameOrganisation,
        or(eq(businesses.assignedCoachId, user.id), eq(businesses.createdBy, user.id)),
      ) as SQL;
    case 'owner':
      return and(
        sameOrganisation,
        user.businessId ? eq(businesses.id, user.businessId) : isNull(businesses.id),
      ) as SQL;
  }
}

/** Rows hanging off a business (visits, follow-ups, …) are readable when their business is. */
export function underReadableBusiness(
  db: Db,
  user: AuthenticatedUser,
  businessIdColumn: Parameters<typeof inArray>[0],
): SQL {
  return inArray(
    businessIdColumn,
    db.select({ id: businesses.id }).from(businesses).where(businessScope(user)),
  );
}
