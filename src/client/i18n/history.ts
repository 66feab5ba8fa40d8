/** Registers the `history.…` texts (shared/i18n/features/history.ts); imported by every file that uses them. */
import { historyText } from '@/shared/i18n/features/history';
import { registerTexts } from './registry';

registerTexts('history', historyText);
