/** Registers the `settings.…` texts (shared/i18n/features/settings.ts); imported by every file that uses them. */
import { settingsText } from '@/shared/i18n/features/settings';
import { registerTexts } from './registry';

registerTexts('settings', settingsText);
