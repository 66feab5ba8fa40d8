import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { loadKbli, type KbliEntry } from '@/client/data/reference-repository';
import { searchKbli } from './business-form-kbli-search';
import { Field } from '@/client/components/form-field';
import '@/client/i18n/business-form';

export type KbliValue = { code: string; version: '2020' | '2025' };

/**
 * KBLI 2020 picker: type a code or words, tap a result. The list (1,790 codes) loads on first use
 * from a precached chunk, so it works offline without weighing on the first screen. Results are
 * plain buttons in a list, which every screen reader and thumb handles, rather than a custom
 * combobox. Enter picks the first result instead of submitting the whole form.
 */
export function KbliPicker({
  value,
  onChange,
  onBlur,
  inputRef,
  error,
}: {
  value: KbliValue | null;
  onChange: (value: KbliValue | null) => void;
  onBlur?: () => void;
  /** Lets the form focus the picker when its value is invalid. */
  inputRef?: (element: HTMLInputElement | null) => void;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  const [list, setList] = useState<KbliEntry[] | 'failed' | null>(null);
  const [query, setQuery] = useState('');
  const searchRef = useRef<HTMLInputElement | null>(null);

  useEffect(() => {
    let cancelled = false;
    loadKbli().then(
      (entries) => {
        if (!cancelled) setList(entries);
      },
      () => {
        if (!cancelled) setList('failed');
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);

  const entries = Array.isArray(list) ? list : null;
  const results = useMemo(() => (entries ? searchKbli(entries, query) : []), [entries, query]);
  const selectedTitle =
    value && entries ? entries.find((entry) => entry.code === value.code)?.title : undefined;

  const searching = entries !== null && query.trim() !== '';
  const status = !searching
    ? ''
    : results.length === 0
      ? t('businessForm.kbli.noResults', { query: query.trim() })
      : t('businessForm.kbli.results', { count: results.length });

  const choose = (entry: KbliEntry) => {
    onChange({ code: entry.code, version: '2020' });
    setQuery('');
    searchRef.current?.focus();
  };

  const setRefs = (element: HTMLInputElement | null) => {
    searchRef.current = element;
    inputRef?.(element);
  };

  return (
    <fieldset className="form-fieldset bf-kbli">
      <legend>{t('businessForm.kbli.label')}</legend>
      {value ? (
        <div className="bf-kbli-selected">
          <p>
            <span className="bf-kbli-code">{value.code}</span> {selectedTitle ?? ''}
          </p>
          <button type="button" className="button" onClick={() => onChange(null)}>
            {t('businessForm.kbli.clear')}
          </button>
        </div>
      ) : (
        <p className="muted">{t('businessForm.kbli.none')}</p>
      )}
      <Field
        id="bf-kbli-search"
        label={value ? t('businessForm.kbli.change') : t('businessForm.kbli.search')}
        hint={t('businessForm.kbli.searchHint')}
        error={error}
      >
        {(description) => (
          <input
            {...description}
            ref={setRefs}
            type="search"
            autoComplete="off"
            spellCheck={false}
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            onBlur={onBlur}
            onKeyDown={(event) => {
              if (event.key !== 'Enter') return;
              event.preventDefault();
              const first = results[0];
              if (first) choose(first);
            }}
          />
        )}
      </Field>
      {list === null && query !== '' && <p className="muted">{t('businessForm.kbli.loading')}</p>}
      {list === 'failed' && (
        <p className="field-error" role="alert">
          {t('businessForm.kbli.loadFailed')}
        </p>
      )}
      {/* Always in the page, so screen readers announce the count as it changes. */}
      <p className="bf-kbli-count muted" role="status">
        {status}
      </p>
      {results.length > 0 && (
        <ul className="bf-kbli-results" aria-label={t('businessForm.kbli.resultsLabel')}>
          {results.map((entry) => (
            <li key={entry.code}>
              <button type="button" className="bf-kbli-option" onClick={() => choose(entry)}>
                <span className="bf-kbli-code">{entry.code}</span> {entry.title}
              </button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
