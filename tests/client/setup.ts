import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeEach, expect } from 'vitest';

// Many screens are tested against the real server and IndexedDB: on a busy two-CPU machine an
// answer can take longer than testing-library's one-second default. A screen that never shows what
// is awaited still fails, only later.
configure({ asyncUtilTimeout: 5_000 });

// Every text a screen asks for must be there (src/client/app/i18n.ts reports the missing ones).
const missingTexts: string[] = [];
(globalThis as { __missingTexts?: string[] }).__missingTexts = missingTexts;

beforeEach(() => {
  missingTexts.length = 0;
});

afterEach(() => {
  cleanup();
  expect(missingTexts, 'texts asked for but not in the catalogues').toEqual([]);
});
