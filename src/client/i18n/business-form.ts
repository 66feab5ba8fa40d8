/** Registers the `businessForm.…` texts (shared/i18n/features/business-form.ts); imported by every file that uses them. */
import { businessFormText } from '@/shared/i18n/features/business-form';
import { registerTexts } from './registry';

registerTexts('businessForm', businessFormText);
