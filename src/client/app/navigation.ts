import type { Role } from '@/shared/domain/user';

/** One place for paths, who may open them and the menu label; the router and the menu both read it. */
export type Destination = { path: string; labelKey: string; roles: readonly Role[]; inMenu?: boolean };

export const PATHS = {
  coachHome: '/',
  businesses: '/usaha',
  visits: '/kunjungan',
  review: '/koordinator',
  reviewVisit: '/koordinator/kunjungan/:visitId',
  assignments: '/koordinator/penugasan',
  merge: '/koordinator/gabung',
  dashboard: '/koordinator/dasbor',
  people: '/koordinator/pengguna',
  import: '/koordinator/impor',
  apiTokens: '/koordinator/api',
  audit: '/koordinator/audit',
  ownerHome: '/pemilik',
  progress: '/pemilik/kemajuan',
  ownerPrint: '/pemilik/cetak',
  businessPrint: '/usaha/:businessId/cetak',
  /** Activating an owner invite: opens signed out (the link a coach shares). */
  invite: '/undangan',
  settings: '/pengaturan',
  businessNew: '/usaha/baru',
  businessDetail: '/usaha/:businessId',
  businessEdit: '/usaha/:businessId/ubah',
  visitNew: '/kunjungan/baru',
  visitDetail: '/kunjungan/:visitId',
} as const;
export type AppPath = (typeof PATHS)[keyof typeof PATHS];

export const HOME_PATH: Record<Role, string> = {
  coach: PATHS.coachHome,
  coordinator: PATHS.review,
  owner: PATHS.ownerHome,
};

/** Every page once, in menu order; each role's menu is the pages it may open. */
const PAGES: readonly (Destination & { path: AppPath })[] = [
  { path: PATHS.coachHome, labelKey: 'nav.today', roles: ['coach'] },
  { path: PATHS.review, labelKey: 'nav.review', roles: ['coordinator'] },
  { path: PATHS.ownerHome, labelKey: 'nav.myBusiness', roles: ['owner'] },
  { path: PATHS.businesses, labelKey: 'nav.businesses', roles: ['coach', 'coordinator'] },
  { path: PATHS.visits, labelKey: 'nav.visits', roles: ['coach'] },
  { path: PATHS.assignments, labelKey: 'nav.assignments', roles: ['coordinator'] },
  { path: PATHS.dashboard, labelKey: 'nav.dashboard', roles: ['coordinator'] },
  { path: PATHS.people, labelKey: 'nav.people', roles: ['coordinator'] },
  { path: PATHS.import, labelKey: 'nav.import', roles: ['coordinator'] },
  { path: PATHS.apiTokens, labelKey: 'nav.apiTokens', roles: ['coordinator'] },
  { path: PATHS.progress, labelKey: 'nav.progress', roles: ['owner'] },
  { path: PATHS.settings, labelKey: 'nav.settings', roles: ['coach', 'coordinator', 'owner'] },
  { path: PATHS.businessNew, labelKey: 'nav.businesses', roles: ['coach'], inMenu: false },
  { path: PATHS.businessDetail, labelKey: 'nav.businesses', roles: ['coach', 'coordinator'], inMenu: false },
  { path: PATHS.businessEdit, labelKey: 'nav.businesses', roles: ['coach'], inMenu: false },
  { path: PATHS.visitNew, labelKey: 'nav.visits', roles: ['coach'], inMenu: false },
  { path: PATHS.visitDetail, labelKey: 'nav.visits', roles: ['coach'], inMenu: false },
  { path: PATHS.reviewVisit, labelKey: 'nav.review', roles: ['coordinator'], inMenu: false },
  { path: PATHS.merge, labelKey: 'nav.assignments', roles: ['coordinator'], inMenu: false },
  { path: PATHS.audit, labelKey: 'nav.people', roles: ['coordinator'], inMenu: false },
  { path: PATHS.ownerPrint, labelKey: 'nav.myBusiness', roles: ['owner'], inMenu: false },
  { path: PATHS.businessPrint, labelKey: 'nav.businesses', roles: ['coach', 'coordinator'], inMenu: false },
];

/** Links to pages about one record. Query parameters keep Indonesian names, like the paths. */
export const businessPath = (businessId: string) => `/usaha/${encodeURIComponent(businessId)}`;
export const businessEditPath = (businessId: string) => `${businessPath(businessId)}/ubah`;
/** A new visit to a business, or the draft `draftId` reopened. */
export const newVisitPath = (options: { businessId?: string; draftId?: string }) => {
  const query = new URLSearchParams();
  if (options.businessId) query.set('usaha', options.businessId);
  if (options.draftId) query.set('draf', options.draftId);
  const search = query.toString();
  return search ? `${PATHS.visitNew}?${search}` : PATHS.visitNew;
};
export const visitPath = (visitId: string) => `/kunjungan/${encodeURIComponent(visitId)}`;

/** The roles that may open a page. */
export function rolesFor(path: AppPath): readonly Role[] {
  const page = PAGES.find((p) => p.path === path);
  if (!page) throw new Error(`No page registered for ${path}`);
  return page.roles;
}

function menuFor(role: Role): readonly Destination[] {
  return PAGES.filter((page) => page.inMenu !== false && page.roles.includes(role));
}

export const MENU: Record<Role, readonly Destination[]> = {
  coach: menuFor('coach'),
  coordinator: menuFor('coordinator'),
  owner: menuFor('owner'),
};
