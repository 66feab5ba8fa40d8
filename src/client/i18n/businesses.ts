/** Registers the `businesses.…` texts (shared/i18n/features/businesses.ts); imported by every file that uses them. */
import { businessesText } from '@/shared/i18n/features/businesses';
import { registerTexts } from './registry';

registerTexts('businesses', businessesText);
