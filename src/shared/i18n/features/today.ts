import { bilingual } from './bilingual';

/** Texts of the today screens. */
export const todayText = bilingual(
  {
    title: 'today',
  },
  {
    title: 'today',
  },
);
