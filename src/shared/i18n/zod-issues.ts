import type { z } from 'zod';
import { isCatalogueKey, translate, type Language } from './index';

export type FieldError = { path: string; message: string };

/** Dotted path as people and API clients read it: `licences.nib`, `links.2.value`. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.');
}

/**
 * Turns a zod issue into a message in the given language. Schema messages are catalogue keys;
 * zod's built-in issues (wrong type, unknown key, too big) are mapped to generic catalogue keys.
 */
export function issueMessage(issue: z.core.$ZodIssue, language: Language): string {
  if (isCatalogueKey(issue.message)) return translate(language, issue.message);
  switch (issue.code) {
    case 'invalid_type':
      // zod 4 leaves `input` off issues by default; its message names what was received.
      return issue.message.endsWith('received undefined')
        ? translate(language, 'validation.required')
        : translate(language, 'validation.invalidType', { expected: issue.expected });
    case 'unrecognized_keys':
      return translate(language, 'validation.unknownField', { keys: issue.keys.join(', ') });
    case 'too_big':
      return translate(language, issue.origin === 'string' ? 'validation.tooLong' : 'validation.tooBig');
    case 'too_small':
      return translate(language, issue.origin === 'string' ? 'validation.required' : 'validation.tooSmall');
    default:
      return translate(language, 'validation.invalidValue');
  }
}

export function fieldErrors(error: z.ZodError, language: Language): FieldError[] {
  return error.issues.map((issue) => ({
    path: issuePath(issue.path),
    message: issueMessage(issue, language),
  }));
}
