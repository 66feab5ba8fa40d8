import { bilingual } from './bilingual';

/** Texts of the history screens. */
export const historyText = bilingual(
  {
    title: 'history',
  },
  {
    title: 'history',
  },
);
