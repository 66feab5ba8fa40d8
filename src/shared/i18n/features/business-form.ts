import { bilingual } from './bilingual';

/** Texts of the business profile form. */
export const businessFormText = bilingual(
  {
    title: 'Profil usaha',
  },
  {
    title: 'Business profile',
  },
);
