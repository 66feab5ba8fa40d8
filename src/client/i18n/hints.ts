/** Registers the `hints.…` texts (shared/i18n/features/hints.ts); imported by every file that uses them. */
import { hintsText } from '@/shared/i18n/features/hints';
import { registerTexts } from './registry';

registerTexts('hints', hintsText);
