/** Registers the `login.…` texts (shared/i18n/features/login.ts); imported by every file that uses them. */
import { loginText } from '@/shared/i18n/features/login';
import { registerTexts } from './registry';

registerTexts('login', loginText);
