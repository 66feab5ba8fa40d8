import { bilingual } from './bilingual';

/** Texts of the hints screens. */
export const hintsText = bilingual(
  {
    title: 'hints',
  },
  {
    title: 'hints',
  },
);
