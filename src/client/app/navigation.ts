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

export const HOME_PATH: Record<Role, string> = {
  coach: PATHS.coachHome,
  coordinator: PATHS.review,
  owner: PATHS.ownerHome,
};

export const MENU: Record<Role, readonly Destination[]> = {
  coach: [
    { path: PATHS.coachHome, labelKey: 'nav.today', roles: ['coach'] },
    { path: PATHS.businesses, labelKey: 'nav.businesses', roles: ['coach', 'coordinator'] },
    { path: PATHS.visits, labelKey: 'nav.visits', roles: ['coach'] },
    { path: PATHS.settings, labelKey: 'nav.settings', roles: ['coach', 'coordinator', 'owner'] },
  ],
  coordinator: [
    { path: PATHS.review, labelKey: 'nav.review', roles: ['coordinator'] },
    { path: PATHS.businesses, labelKey: 'nav.businesses', roles: ['coach', 'coordinator'] },
    { path: PATHS.assignments, labelKey: 'nav.assignments', roles: ['coordinator'] },
    { path: PATHS.dashboard, labelKey: 'nav.dashboard', roles: ['coordinator'] },
    { path: PATHS.people, labelKey: 'nav.people', roles: ['coordinator'] },
    { path: PATHS.settings, labelKey: 'nav.settings', roles: ['coach', 'coordinator', 'owner'] },
  ],
  owner: [
    { path: PATHS.ownerHome, labelKey: 'nav.myBusiness', roles: ['owner'] },
    { path: PATHS.progress, labelKey: 'nav.progress', roles: ['owner'] },
    { path: PATHS.settings, labelKey: 'nav.settings', roles: ['coach', 'coordinator', 'owner'] },
  ],
};
