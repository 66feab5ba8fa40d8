import type { Role } from '@/shared/domain/user';

/** One place for paths, who may open them and the menu label; the router and the menu both read it. */
export type Destination = { path: string; labelKey: string; roles: readonly Role[] };

export const PATHS = {
  coachHome: '/',
  businesses: '/usaha',
  visits: '/kunjungan',
  review: '/koordinator',
  assignments: '/koordinator/penugasan',
  dashboard: '/koordinator/dasbor',
  people: '/koordinator/pengguna',
  ownerHome: '/pemilik',
  progress: '/pemilik/kemajuan',
  settings: '/pengaturan',
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
  { path: PATHS.progress, labelKey: 'nav.progress', roles: ['owner'] },
  { path: PATHS.settings, labelKey: 'nav.settings', roles: ['coach', 'coordinator', 'owner'] },
];

/** The roles that may open a page. */
export function rolesFor(path: AppPath): readonly Role[] {
  const page = PAGES.find((p) => p.path === path);
  if (!page) throw new Error(`No page registered for ${path}`);
  return page.roles;
}

function menuFor(role: Role): readonly Destination[] {
  return PAGES.filter((page) => page.roles.includes(role));
}

export const MENU: Record<Role, readonly Destination[]> = {
  coach: menuFor('coach'),
  coordinator: menuFor('coordinator'),
  owner: menuFor('owner'),
};
