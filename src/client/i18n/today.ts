/** Registers the `today.…` texts (shared/i18n/features/today.ts); imported by every file that uses them. */
import { todayText } from '@/shared/i18n/features/today';
import { registerTexts } from './registry';

registerTexts('today', todayText);
