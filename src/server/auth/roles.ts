/**
 * What each role may touch. Every route states the roles it admits; the organisation check is
 * applied on every query (a user only ever sees rows of their own organisation).
 */
import type { Role } from '@/shared/domain/user';

export const ALL_ROLES: readonly Role[] = ['coordinator', 'coach', 'owner'];
export const STAFF: readonly Role[] = ['coordinator', 'coach'];
export const COORDINATORS: readonly Role[] = ['coordinator'];

/** Roles that may read NIK (UU 27/2022): staff of the office; owners see only their own business. */
export function mayReadNik(role: Role): boolean {
  return role === 'coordinator' || role === 'coach';
}
