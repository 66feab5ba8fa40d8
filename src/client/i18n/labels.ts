/** Registers the `labels.…` texts (shared/i18n/features/labels.ts); imported by every file that uses them. */
import { labelsText } from '@/shared/i18n/features/labels';
import { registerTexts } from './registry';

registerTexts('labels', labelsText);
