import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// Many screens are tested against the real server and IndexedDB: on a busy two-CPU machine an
// answer can take longer than testing-library's one-second default. A screen that never shows what
// is awaited still fails, only later.
configure({ asyncUtilTimeout: 5_000 });

afterEach(() => {
  cleanup();
});
