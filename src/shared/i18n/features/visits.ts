import { bilingual } from './bilingual';

/** Texts of the visits screens. */
export const visitsText = bilingual(
  {
    title: 'visits',
  },
  {
    title: 'visits',
  },
);
