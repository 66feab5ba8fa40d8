import { bilingual } from './bilingual';

/** Texts of the businesses screens. */
export const businessesText = bilingual(
  {
    title: 'businesses',
  },
  {
    title: 'businesses',
  },
);
