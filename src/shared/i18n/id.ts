/**
 * Every Indonesian text: the shared ones (core-id.ts) and each feature's (features/). The server
 * answers from it; the phone loads the feature texts with the features (client/app/texts.ts).
 */
import { idCore } from './core-id';
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

export const id = {
  ...idCore,
  today: todayText.id,
  businesses: businessesText.id,
  visits: visitsText.id,
  history: historyText.id,
  invites: invitesText.id,
  hints: hintsText.id,
  labels: labelsText.id,
  businessForm: businessFormText.id,
  api: apiMessagesText.id,
  login: loginText.id,
  settings: settingsText.id,
};
