/** Registers the `invites.…` texts (shared/i18n/features/invites.ts); imported by every file that uses them. */
import { invitesText } from '@/shared/i18n/features/invites';
import { registerTexts } from './registry';

registerTexts('invites', invitesText);
