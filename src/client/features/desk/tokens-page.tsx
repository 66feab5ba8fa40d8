import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useCopyText } from '@/client/components/use-copy-text';
import { useFormat } from '@/client/components/use-format';
import { useOnlineStatus } from '@/client/sync/use-online-status';
import {
  API_TOKEN_NAME_MAX,
  apiScopeSchema,
  createApiTokenSchema,
  type ApiScope,
  type ApiToken,
  type ApiTokenCreated,
  type ApiTokenUse,
} from '@/shared/domain/api-token';
import type { DeskFailure } from './desk-api';
import { useDeskSection } from './desk-text';
import { LoadStatus } from './load-status';
import { tokensText } from './tokens-text';
import { useTokensApi, type TokensApi } from './tokens-api';
import { useRequest } from './use-request';
import './desk.css';
import './tokens.css';

/** Where the programmers' guide is served (routes/city-api-routes.ts). */
const GUIDE_PATH = '/api/v1/docs';
const SCOPES = apiScopeSchema.options;

type Translate = (key: string, values?: Record<string, unknown>) => string;
type Notice = { kind: 'success' | 'error'; text: string };

function failureText(t: Translate, failure: DeskFailure): string {
  switch (failure.failure) {
    case 'network':
      return t('desk.tokens.actionOffline');
    case 'unauthorized':
      return t('desk.tokens.sessionEnded');
    case 'notFound':
      return t('desk.tokens.notFound');
    default:
      return t('desk.tokens.failed', { reason: failure.message });
  }
}

function tokenState(token: ApiToken, now: number): 'active' | 'revoked' | 'expired' {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && Date.parse(token.expiresAt) <= now) return 'expired';
  return 'active';
}

/**
 * The coordinator's city-API screen (issue 6): the organisation's read-only tokens for other
 * departments' systems, a form to make one (the token is shown once), revocation with a
 * confirmation, and each token's latest uses.
 */
export function TokensPage() {
  const { t } = useDeskSection('tokens', tokensText);
  const api = useTokensApi();
  const online = useOnlineStatus();
  const run = useMemo(() => (api ? () => api.list() : null), [api]);
  const { result, retry, replace } = useRequest(run, 'tokens');
  const [notice, setNotice] = useState<Notice | null>(null);
  const [shown, setShown] = useState<ApiTokenCreated | null>(null);
  const headingId = useId();
  const listId = useId();

  const reload = async () => {
    if (!api) return;
    const again = await api.list();
    if (again.ok) replace(again);
  };
  const tokens = result?.ok ? result.value.tokens : null;

  return (
    <section className="page desk-page tokens-page" aria-labelledby={headingId}>
      <h1 id={headingId}>{t('desk.tokens.title')}</h1>
      <p className="muted">{t('desk.tokens.intro')}</p>
      <p>
        <a href={GUIDE_PATH} target="_blank" rel="noreferrer">
          {t('desk.tokens.guide')}
        </a>
      </p>
      {!online && (
        <p className="warning" role="status">
          {t('desk.tokens.offline')}
        </p>
      )}
      {notice && (
        <p className={notice.kind === 'error' ? 'form-error' : 'notice'} role="status">
          {notice.text}
        </p>
      )}
      {shown && <ShownToken created={shown} onClose={() => setShown(null)} />}

      <div className="tokens-columns">
        <section aria-labelledby={listId}>
          <h2 id={listId}>
            {t('desk.tokens.listTitle')}
            {tokens && <span className="muted"> · {t('desk.tokens.count', { count: tokens.length })}</span>}
          </h2>
          {!tokens && (
            <LoadStatus
              failure={result && !result.ok ? result : null}
              offlineText={t('desk.tokens.loadOffline')}
              onRetry={retry}
            />
          )}
          {tokens && tokens.length === 0 && <p className="muted">{t('desk.tokens.empty')}</p>}
          {tokens && api && (
            <ul className="desk-cards">
              {tokens.map((token) => (
                <TokenCard key={token.id} api={api} token={token} onNotice={setNotice} onChanged={reload} />
              ))}
            </ul>
          )}
        </section>
        {api && (
          <CreateTokenForm
            api={api}
            onCreated={(created) => {
              setNotice(null);
              setShown(created);
              void reload();
            }}
          />
        )}
      </div>
    </section>
  );
}

function TokenCard({
  api,
  token,
  onNotice,
  onChanged,
}: {
  api: TokensApi;
  token: ApiToken;
  onNotice: (notice: Notice | null) => void;
  onChanged: () => Promise<void>;
}) {
  const { t } = useDeskSection('tokens', tokensText);
  const format = useFormat();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [usesOpen, setUsesOpen] = useState(false);
  const confirmRef = useRef<HTMLDivElement>(null);
  const headingId = useId();
  const [now] = useState(() => Date.now());
  const state = tokenState(token, now);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const revoke = async () => {
    setBusy(true);
    setError(null);
    onNotice(null);
    const result = await api.revoke(token.id);
    setBusy(false);
    if (!result.ok) {
      setError(failureText(t, result));
      return;
    }
    setConfirming(false);
    onNotice({ kind: 'success', text: t('desk.tokens.revokedNotice', { name: token.name }) });
    await onChanged();
  };

  return (
    <li
      className={state === 'active' ? 'card desk-card' : 'card desk-card desk-card-off'}
      aria-labelledby={headingId}
    >
      <div className="desk-card-head">
        <h3 id={headingId}>{token.name}</h3>
        <span
          className={state === 'active' ? 'desk-badge desk-badge-approved' : 'desk-badge desk-badge-returned'}
        >
          {t(`desk.tokens.${state}`)}
        </span>
        {token.scopes.map((scope) => (
          <span key={scope} className="desk-badge">
            {t(`desk.tokens.scope_${scope}`)}
          </span>
        ))}
        <span className={token.personalData ? 'desk-badge tokens-badge-personal' : 'desk-badge'}>
          {token.personalData ? t('desk.tokens.personalData') : t('desk.tokens.noPersonalData')}
        </span>
      </div>
      <dl className="desk-fact-rows">
        <dt>{t('desk.tokens.prefix')}</dt>
        <dd>
          <code>bnn_{token.prefix}…</code>
        </dd>
        <dt>{t('desk.tokens.created')}</dt>
        <dd>
          {token.createdByName
            ? t('desk.tokens.createdBy', {
                date: format.dateTime(token.createdAt),
                name: token.createdByName,
              })
            : format.dateTime(token.createdAt)}
        </dd>
        {token.revokedAt ? (
          <>
            <dt>{t('desk.tokens.revokedAt')}</dt>
            <dd>
              {token.revokedByName
                ? t('desk.tokens.createdBy', {
                    date: format.dateTime(token.revokedAt),
                    name: token.revokedByName,
                  })
                : format.dateTime(token.revokedAt)}
            </dd>
          </>
        ) : (
          <>
            <dt>{t('desk.tokens.expires')}</dt>
            <dd>{token.expiresAt ? format.dateTime(token.expiresAt) : t('desk.tokens.noExpiry')}</dd>
          </>
        )}
        <dt>{t('desk.tokens.lastUsed')}</dt>
        <dd>{token.lastUsedAt ? format.dateTime(token.lastUsedAt) : t('desk.tokens.neverUsed')}</dd>
        <dt>{t('desk.tokens.uses')}</dt>
        <dd>{t('desk.tokens.usesCount', { count: token.usesLast30Days })}</dd>
      </dl>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {!confirming && (
        <div className="button-row">
          <button
            type="button"
            className="button"
            aria-expanded={usesOpen}
            onClick={() => setUsesOpen((open) => !open)}
          >
            {usesOpen ? t('desk.tokens.hideUses') : t('desk.tokens.showUses')}
          </button>
          {state !== 'revoked' && (
            <button type="button" className="button" onClick={() => setConfirming(true)}>
              {t('desk.tokens.revoke')}
            </button>
          )}
        </div>
      )}
      {confirming && (
        <div
          className="warning desk-ask"
          role="group"
          aria-label={t('desk.tokens.revoke')}
          tabIndex={-1}
          ref={confirmRef}
        >
          <p>{t('desk.tokens.confirmRevoke', { name: token.name })}</p>
          <div className="button-row">
            <button
              type="button"
              className="button button-danger"
              disabled={busy}
              onClick={() => void revoke()}
            >
              {busy ? t('desk.tokens.working') : t('desk.tokens.confirmRevokeYes')}
            </button>
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => {
                setConfirming(false);
                setError(null);
              }}
            >
              {t('desk.tokens.cancel')}
            </button>
          </div>
        </div>
      )}
      {usesOpen && <TokenUses api={api} token={token} />}
    </li>
  );
}

function TokenUses({ api, token }: { api: TokensApi; token: ApiToken }) {
  const { t } = useDeskSection('tokens', tokensText);
  const format = useFormat();
  const run = useMemo(() => () => api.uses(token.id), [api, token.id]);
  const { result, retry } = useRequest(run, `uses-${token.id}-${token.lastUsedAt ?? ''}`);
  const captionId = useId();
  if (!result || !result.ok) {
    return (
      <LoadStatus
        failure={result && !result.ok ? result : null}
        offlineText={t('desk.tokens.loadOffline')}
        onRetry={retry}
      />
    );
  }
  const uses: ApiTokenUse[] = result.value.uses;
  if (uses.length === 0) return <p className="muted">{t('desk.tokens.usesEmpty')}</p>;
  return (
    <div className="tokens-uses">
      <table aria-labelledby={captionId}>
        <caption id={captionId}>{t('desk.tokens.usesTitle', { name: token.name })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('desk.tokens.usesAt')}</th>
            <th scope="col">{t('desk.tokens.usesRequest')}</th>
            <th scope="col">{t('desk.tokens.usesStatus')}</th>
            <th scope="col">{t('desk.tokens.usesRows')}</th>
            <th scope="col">{t('desk.tokens.usesDuration')}</th>
            <th scope="col">{t('desk.tokens.usesIp')}</th>
          </tr>
        </thead>
        <tbody>
          {uses.map((use, i) => (
            <tr key={`${use.at}-${i}`} className={use.status >= 400 ? 'tokens-use-refused' : undefined}>
              <td>{format.dateTime(use.at)}</td>
              <td>
                <code>
                  {use.method} {use.path}
                  {use.query ? `?${use.query}` : ''}
                </code>
              </td>
              <td>{use.status}</td>
              <td>{use.rows === null ? '—' : format.number(use.rows)}</td>
              <td>
                {use.durationMs === null
                  ? '—'
                  : t('desk.tokens.durationMs', { ms: format.number(use.durationMs) })}
              </td>
              <td>{use.ip ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The new token, shown once, with a copy button. */
function ShownToken({ created, onClose }: { created: ApiTokenCreated; onClose: () => void }) {
  const { t } = useDeskSection('tokens', tokensText);
  const { state: copied, copy } = useCopyText();
  const ref = useRef<HTMLElement>(null);
  const headingId = useId();
  useEffect(() => {
    ref.current?.focus();
  }, [created]);
  return (
    <section className="card desk-once" aria-labelledby={headingId} tabIndex={-1} ref={ref}>
      <h2 id={headingId}>{t('desk.tokens.tokenTitle', { name: created.apiToken.name })}</h2>
      <p className="tokens-shown-value">
        <code>{created.token}</code>
      </p>
      <p>{t('desk.tokens.tokenOnce')}</p>
      <div className="button-row">
        <button type="button" className="button button-primary" onClick={() => void copy(created.token)}>
          {t('desk.tokens.copy')}
        </button>
        <button type="button" className="button" onClick={onClose}>
          {t('desk.tokens.tokenDone')}
        </button>
      </div>
      {copied && (
        <p role="status" className={copied === 'copied' ? 'muted' : 'field-error'}>
          {copied === 'copied' ? t('desk.tokens.copied') : t('desk.tokens.copyFailed')}
        </p>
      )}
    </section>
  );
}

type FieldErrors = Partial<Record<'name' | 'scopes' | 'expiresAt', string>>;

/** The end of a calendar day (the `<input type=date>` value) on this computer's clock, as ISO. */
function endOfDay(day: string): string | null {
  if (!day) return null;
  const at = new Date(`${day}T23:59:59`);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

function CreateTokenForm({
  api,
  onCreated,
}: {
  api: TokensApi;
  onCreated: (created: ApiTokenCreated) => void;
}) {
  const { t, i18n } = useDeskSection('tokens', tokensText);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiScope[]>([]);
  const [personalData, setPersonalData] = useState(false);
  const [expires, setExpires] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const headingId = useId();
  const ids = {
    name: useId(),
    nameHint: useId(),
    scopes: useId(),
    personal: useId(),
    warning: useId(),
    expires: useId(),
  };
  // Schema messages are catalogue keys; the server's arrive already translated.
  const message = (text: string) => (i18n.exists(text) ? t(text) : text);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const input = { name, scopes, personalData, expiresAt: endOfDay(expires) };
    const parsed = createApiTokenSchema.safeParse(input);
    if (!parsed.success) {
      const found: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if ((field === 'name' || field === 'scopes' || field === 'expiresAt') && !found[field]) {
          found[field] = message(issue.message);
        }
      }
      setErrors(found);
      return;
    }
    setErrors({});
    setBusy(true);
    const result = await api.create(input);
    setBusy(false);
    if (result.ok) {
      setName('');
      setScopes([]);
      setPersonalData(false);
      setExpires('');
      onCreated(result.value);
      return;
    }
    if (result.failure === 'invalid') {
      const found: FieldErrors = {};
      for (const field of result.fields) {
        if (field.path === 'name' || field.path === 'scopes' || field.path === 'expiresAt')
          found[field.path] = field.message;
      }
      if (Object.keys(found).length > 0) setErrors(found);
      else setFormError(t('desk.tokens.failed', { reason: result.message }));
      return;
    }
    setFormError(failureText(t, result));
  };

  const toggleScope = (scope: ApiScope, on: boolean) =>
    setScopes((current) =>
      on ? SCOPES.filter((s) => s === scope || current.includes(s)) : current.filter((s) => s !== scope),
    );

  return (
    <form
      className="card tokens-create"
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-labelledby={headingId}
    >
      <h2 id={headingId}>{t('desk.tokens.createTitle')}</h2>
      <div className="field">
        <label htmlFor={ids.name}>{t('desk.tokens.name')}</label>
        <input
          id={ids.name}
          value={name}
          maxLength={API_TOKEN_NAME_MAX}
          autoComplete="off"
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={[ids.nameHint, errors.name ? `${ids.name}-error` : null]
            .filter(Boolean)
            .join(' ')}
          onChange={(event) => setName(event.target.value)}
        />
        <p id={ids.nameHint} className="muted">
          {t('desk.tokens.nameHint')}
        </p>
        {errors.name && (
          <p id={`${ids.name}-error`} className="field-error">
            {errors.name}
          </p>
        )}
      </div>
      <fieldset
        className="field tokens-scopes"
        aria-describedby={errors.scopes ? `${ids.scopes}-error` : undefined}
      >
        <legend>{t('desk.tokens.scopes')}</legend>
        {SCOPES.map((scope) => (
          <label key={scope} className="tokens-check">
            <input
              type="checkbox"
              checked={scopes.includes(scope)}
              onChange={(event) => toggleScope(scope, event.target.checked)}
            />
            <span>
              {t(`desk.tokens.scope_${scope}`)}{' '}
              <span className="muted">— {t(`desk.tokens.scopeHint_${scope}`)}</span>
            </span>
          </label>
        ))}
        {errors.scopes && (
          <p id={`${ids.scopes}-error`} className="field-error">
            {errors.scopes}
          </p>
        )}
      </fieldset>
      <div className="field">
        <label className="tokens-check" htmlFor={ids.personal}>
          <input
            id={ids.personal}
            type="checkbox"
            checked={personalData}
            aria-describedby={ids.warning}
            onChange={(event) => setPersonalData(event.target.checked)}
          />
          <span>{t('desk.tokens.personalDataLabel')}</span>
        </label>
        <p id={ids.warning} className={personalData ? 'warning' : 'muted'}>
          {t('desk.tokens.personalDataWarning')}
        </p>
      </div>
      <div className="field">
        <label htmlFor={ids.expires}>{t('desk.tokens.expiresLabel')}</label>
        <input
          id={ids.expires}
          type="date"
          value={expires}
          aria-invalid={errors.expiresAt ? true : undefined}
          aria-describedby={errors.expiresAt ? `${ids.expires}-error` : undefined}
          onChange={(event) => setExpires(event.target.value)}
        />
        {errors.expiresAt && (
          <p id={`${ids.expires}-error`} className="field-error">
            {errors.expiresAt}
          </p>
        )}
      </div>
      {formError && (
        <p className="form-error" role="alert">
          {formError}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? t('desk.tokens.creating') : t('desk.tokens.create')}
      </button>
    </form>
  );
}
