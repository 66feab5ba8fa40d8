import { expect, it } from 'vitest';
import { clearUnsaved, hasUnsavedWork, markUnsaved, subscribeUnsavedWork } from '@/client/pwa/unsaved-work';

it('reports unsaved work until every marked form is cleared, and tells subscribers', () => {
  const seen: boolean[] = [];
  const unsubscribe = subscribeUnsavedWork(() => seen.push(hasUnsavedWork()));
  expect(hasUnsavedWork()).toBe(false);
  markUnsaved('visit-form');
  markUnsaved('visit-form');
  markUnsaved('business-form');
  clearUnsaved('visit-form');
  expect(hasUnsavedWork()).toBe(true);
  clearUnsaved('business-form');
  expect(hasUnsavedWork()).toBe(false);
  unsubscribe();
  markUnsaved('late');
  clearUnsaved('late');
  expect(seen).toEqual([true, true, true, false]);
});
