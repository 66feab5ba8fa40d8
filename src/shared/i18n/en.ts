/** Every English text, with the same keys as id.ts (the type enforces it). */
import { enCore } from './core-en';
import { todayText } from './features/today';
import { businessesText } from './features/businesses';
import { visitsText } from './features/visits';
import { historyText } from './features/history';
import { invitesText } from './features/invites';
import { hintsText } from './features/hints';
import { labelsText } from './features/labels';
import { businessFormText } from './features/business-form';
import { apiMessagesText } from './features/api-messages';
import { loginText } from './features/login';
import { settingsText } from './features/settings';
import type { Catalogue } from './index';

export const en: Catalogue = {
  ...enCore,
  today: todayText.en,
  businesses: businessesText.en,
  visits: visitsText.en,
  history: historyText.en,
  invites: invitesText.en,
  hints: hintsText.en,
  labels: labelsText.en,
  businessForm: businessFormText.en,
  api: apiMessagesText.en,
  login: loginText.en,
  settings: settingsText.en,
};
