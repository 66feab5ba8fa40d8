/** Registers the `visits.…` texts (shared/i18n/features/visits.ts); imported by every file that uses them. */
import { visitsText } from '@/shared/i18n/features/visits';
import { registerTexts } from './registry';

registerTexts('visits', visitsText);
