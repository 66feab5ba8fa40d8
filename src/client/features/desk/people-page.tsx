import { zodResolver } from '@hookform/resolvers/zod';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { z } from 'zod';
import { useCopyText } from '@/client/components/use-copy-text';
import { useFormat } from '@/client/components/use-format';
import { localDb } from '@/client/data/local-db';
import { loadSession } from '@/client/data/session-repository';
import { useOnlineStatus } from '@/client/sync/use-online-status';
import { normalizePhone, requiredText } from '@/shared/domain/common';
import { staffRoleSchema, type Account } from '@/shared/domain/people';
import { usernameSchema } from '@/shared/domain/user';
import type { DeskFailure } from './desk-api';
import { AUDIT_PATH } from './desk-paths';
import { useDeskSection } from './desk-text';
import { LoadStatus } from './load-status';
import { usePeopleApi, type PeopleApi } from './people-api';
import { peopleText } from './people-text';
import { useRequest } from './use-request';
import './desk.css';
import './people.css';

/** The form as typed: the phone may be blank (sent as null); the server normalises it. */
const accountFormSchema = z.object({
  username: usernameSchema,
  name: requiredText(120),
  role: staffRoleSchema,
  phone: z
    .string()
    .trim()
    .refine((value) => value === '' || normalizePhone(value) !== null, { message: 'validation.phone' }),
});
type AccountFormValues = z.input<typeof accountFormSchema>;
type AccountFormOutput = z.output<typeof accountFormSchema>;
const EMPTY_FORM: AccountFormValues = { username: '', name: '', role: 'coach', phone: '' };
const FORM_FIELDS = ['username', 'name', 'role', 'phone'] as const;

/** What is typed in the new-account form is kept on this device until the account is created. */
const DRAFT_KEY = 'binaan.desk.peopleDraft';
function readDraft(): AccountFormValues | null {
  try {
    const parsed = z
      .object({ username: z.string(), name: z.string(), role: staffRoleSchema, phone: z.string() })
      .safeParse(JSON.parse(localStorage.getItem(DRAFT_KEY) ?? 'null'));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
function writeDraft(values: Partial<AccountFormValues> | null): void {
  try {
    const blank = !values || (!values.username && !values.name && !values.phone);
    if (blank) localStorage.removeItem(DRAFT_KEY);
    else localStorage.setItem(DRAFT_KEY, JSON.stringify({ ...EMPTY_FORM, ...values }));
  } catch {
    // Storage refused (private mode): the text is still in the form.
  }
}

type Notice = { kind: 'success' | 'warning' | 'error'; lines: string[] };
type ShownPassword = { username: string; name: string; value: string };

export function PeoplePage() {
  const { t } = useDeskSection('people', peopleText);
  const api = usePeopleApi();
  const online = useOnlineStatus();
  const session = useLiveQuery(() => loadSession(localDb), []);
  const myId = session?.user.id ?? null;
  const run = useMemo(() => (api ? () => api.list() : null), [api]);
  const { result, retry, replace } = useRequest(run, 'people');
  const [notice, setNotice] = useState<Notice | null>(null);
  const [password, setPassword] = useState<ShownPassword | null>(null);
  const headingId = useId();
  const listId = useId();

  /** Reads the list again quietly (after a change); on failure the shown list stays. */
  const reload = async () => {
    if (!api) return;
    const again = await api.list();
    if (again.ok) replace(again);
  };
  const accounts = result?.ok ? result.value.users : null;

  return (
    <section className="page desk-page people-page" aria-labelledby={headingId}>
      <h1 id={headingId}>{t('desk.people.title')}</h1>
      <p className="muted">{t('desk.people.intro')}</p>
      <p>
        <Link to={AUDIT_PATH}>{t('desk.people.auditLink')}</Link>
      </p>
      {!online && (
        <p className="warning" role="status">
          {t('desk.people.offline')}
        </p>
      )}
      {notice && (
        <div
          className={
            notice.kind === 'error' ? 'form-error' : notice.kind === 'warning' ? 'warning' : 'notice'
          }
          role="status"
        >
          {notice.lines.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </div>
      )}
      {password && <PasswordPanel shown={password} onClose={() => setPassword(null)} />}

      <div className="people-columns">
        <section aria-labelledby={listId}>
          <h2 id={listId}>
            {t('desk.people.listTitle')}
            {accounts && (
              <span className="muted"> · {t('desk.people.count', { count: accounts.length })}</span>
            )}
          </h2>
          {!accounts && (
            <LoadStatus
              failure={result && !result.ok ? result : null}
              offlineText={t('desk.people.loadOffline')}
              onRetry={retry}
            />
          )}
          {accounts && accounts.length === 0 && <p className="muted">{t('desk.people.empty')}</p>}
          {accounts && api && (
            <ul className="desk-cards">
              {accounts.map((account) => (
                <AccountCard
                  key={account.id}
                  api={api}
                  account={account}
                  isMe={account.id === myId}
                  onNotice={setNotice}
                  onPassword={setPassword}
                  onChanged={reload}
                />
              ))}
            </ul>
          )}
        </section>
        {api && (
          <CreateAccountForm
            api={api}
            onCreated={(created) => {
              setNotice({ kind: 'success', lines: [t('desk.people.created', { name: created.name })] });
              setPassword(created.password);
              void reload();
            }}
          />
        )}
      </div>
    </section>
  );
}

/** Why an action failed, in the coordinator's words. */
function failureText(
  t: (key: string, values?: Record<string, unknown>) => string,
  failure: DeskFailure,
): string {
  switch (failure.failure) {
    case 'network':
      return t('desk.people.actionOffline');
    case 'unauthorized':
      return t('desk.people.sessionEnded');
    case 'notFound':
      return t('desk.people.notFound');
    default:
      return t('desk.people.failed', { reason: failure.message });
  }
}

type Action = 'reset' | 'deactivate' | 'activate';

function AccountCard({
  api,
  account,
  isMe,
  onNotice,
  onPassword,
  onChanged,
}: {
  api: PeopleApi;
  account: Account;
  isMe: boolean;
  onNotice: (notice: Notice | null) => void;
  onPassword: (shown: ShownPassword) => void;
  onChanged: () => Promise<void>;
}) {
  const { t } = useDeskSection('people', peopleText);
  const format = useFormat();
  const [confirming, setConfirming] = useState<Action | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirmRef = useRef<HTMLDivElement>(null);
  const headingId = useId();
  const name = account.name;
  const caseload = account.assignedBusinesses ?? 0;

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const act = async (action: Action) => {
    setBusy(true);
    setError(null);
    onNotice(null);
    const result =
      action === 'reset'
        ? await api.resetPassword(account.id)
        : action === 'deactivate'
          ? await api.deactivate(account.id)
          : await api.activate(account.id);
    setBusy(false);
    if (!result.ok) {
      setError(failureText(t, result));
      if (result.failure === 'notFound') await onChanged();
      return;
    }
    setConfirming(null);
    const value = result.value;
    if ('temporaryPassword' in value) {
      onPassword({ username: account.username, name, value: value.temporaryPassword });
    } else if (action === 'deactivate') {
      const lines = [t('desk.people.deactivated', { name })];
      if (value.assignedBusinesses > 0) {
        lines.push(t('desk.people.deactivatedCaseload', { count: value.assignedBusinesses, name }));
      }
      onNotice({ kind: value.assignedBusinesses > 0 ? 'warning' : 'success', lines });
    } else {
      onNotice({ kind: 'success', lines: [t('desk.people.activated', { name })] });
    }
    await onChanged();
  };

  const question =
    confirming === 'reset'
      ? [t('desk.people.confirmReset', { name })]
      : confirming === 'deactivate'
        ? [
            t('desk.people.confirmDeactivate', { name }),
            ...(caseload > 0 ? [t('desk.people.confirmDeactivateCaseload', { count: caseload })] : []),
          ]
        : [t('desk.people.confirmActivate', { name })];
  const title =
    confirming === 'reset'
      ? t('desk.people.resetPassword')
      : confirming === 'deactivate'
        ? t('desk.people.deactivate')
        : t('desk.people.activate');
  const yes =
    confirming === 'reset'
      ? t('desk.people.confirmResetYes')
      : confirming === 'deactivate'
        ? t('desk.people.confirmDeactivateYes')
        : t('desk.people.confirmActivateYes');

  return (
    <li
      className={account.active ? 'card desk-card' : 'card desk-card desk-card-off'}
      aria-labelledby={headingId}
    >
      <div className="desk-card-head">
        <h3 id={headingId}>{name}</h3>
        <span className="desk-badge">{t(`roles.${account.role}`)}</span>
        <span
          className={account.active ? 'desk-badge desk-badge-approved' : 'desk-badge desk-badge-returned'}
        >
          {account.active ? t('desk.people.active') : t('desk.people.inactive')}
        </span>
        {isMe && <span className="desk-badge">{t('desk.people.you')}</span>}
      </div>
      <dl className="desk-fact-rows">
        <dt>{t('desk.people.username')}</dt>
        <dd>{account.username}</dd>
        <dt>{t('desk.people.phone')}</dt>
        <dd>{account.phone ?? t('desk.people.noPhone')}</dd>
        <dt>{t('desk.people.lastSeen')}</dt>
        <dd>{account.lastSeenAt ? format.dateTime(account.lastSeenAt) : t('desk.people.neverSeen')}</dd>
        {account.assignedBusinesses !== null && (
          <>
            <dt>{t('desk.people.caseload')}</dt>
            <dd>{t('desk.people.caseloadCount', { count: account.assignedBusinesses })}</dd>
          </>
        )}
      </dl>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {!isMe && confirming === null && (
        <div className="button-row">
          <button type="button" className="button" onClick={() => setConfirming('reset')}>
            {t('desk.people.resetPassword')}
          </button>
          {account.active ? (
            <button type="button" className="button" onClick={() => setConfirming('deactivate')}>
              {t('desk.people.deactivate')}
            </button>
          ) : (
            <button type="button" className="button" onClick={() => setConfirming('activate')}>
              {t('desk.people.activate')}
            </button>
          )}
        </div>
      )}
      {confirming && (
        <div className="warning desk-ask" role="group" aria-label={title} tabIndex={-1} ref={confirmRef}>
          {question.map((line) => (
            <p key={line}>{line}</p>
          ))}
          <div className="button-row">
            <button
              type="button"
              className={confirming === 'deactivate' ? 'button button-danger' : 'button button-primary'}
              disabled={busy}
              onClick={() => void act(confirming)}
            >
              {busy ? t('desk.people.working') : yes}
            </button>
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => {
                setConfirming(null);
                setError(null);
              }}
            >
              {t('desk.people.cancel')}
            </button>
          </div>
        </div>
      )}
    </li>
  );
}

/** The temporary password, shown once, with a copy button. */
function PasswordPanel({ shown, onClose }: { shown: ShownPassword; onClose: () => void }) {
  const { t } = useDeskSection('people', peopleText);
  const { state: copied, copy } = useCopyText();
  const ref = useRef<HTMLElement>(null);
  const headingId = useId();
  useEffect(() => {
    ref.current?.focus();
  }, [shown]);
  return (
    <section className="card desk-once" aria-labelledby={headingId} tabIndex={-1} ref={ref}>
      <h2 id={headingId}>{t('desk.people.passwordTitle', { username: shown.username })}</h2>
      <p className="people-password-value">
        <code>{shown.value}</code>
      </p>
      <p>{t('desk.people.passwordOnce', { name: shown.name })}</p>
      <div className="button-row">
        <button type="button" className="button button-primary" onClick={() => void copy(shown.value)}>
          {t('desk.people.copy')}
        </button>
        <button type="button" className="button" onClick={onClose}>
          {t('desk.people.passwordDone')}
        </button>
      </div>
      {copied && (
        <p role="status" className={copied === 'copied' ? 'muted' : 'field-error'}>
          {copied === 'copied' ? t('desk.people.copied') : t('desk.people.copyFailed')}
        </p>
      )}
    </section>
  );
}

function CreateAccountForm({
  api,
  onCreated,
}: {
  api: PeopleApi;
  onCreated: (created: { name: string; password: ShownPassword }) => void;
}) {
  const { t, i18n } = useDeskSection('people', peopleText);
  const [restored] = useState(readDraft);
  const [formError, setFormError] = useState<string | null>(null);
  const headingId = useId();
  const ids = {
    username: useId(),
    name: useId(),
    role: useId(),
    phone: useId(),
    hint: useId(),
  };
  const {
    register,
    handleSubmit,
    setError,
    reset,
    subscribe,
    formState: { errors, isSubmitting },
  } = useForm<AccountFormValues, unknown, AccountFormOutput>({
    resolver: zodResolver(accountFormSchema),
    defaultValues: restored ?? EMPTY_FORM,
  });

  useEffect(
    () => subscribe({ formState: { values: true }, callback: ({ values }) => writeDraft(values) }),
    [subscribe],
  );

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const result = await api.create({ ...values, phone: values.phone === '' ? null : values.phone });
    if (result.ok) {
      writeDraft(null);
      reset(EMPTY_FORM);
      onCreated({
        name: result.value.user.name,
        password: {
          username: result.value.user.username,
          name: result.value.user.name,
          value: result.value.temporaryPassword,
        },
      });
      return;
    }
    if (result.failure === 'invalid') {
      let placed = false;
      for (const field of result.fields) {
        const path = FORM_FIELDS.find((name) => name === field.path);
        if (path) {
          setError(path, { type: 'server', message: field.message });
          placed = true;
        }
      }
      if (!placed) setFormError(t('desk.people.failed', { reason: result.message }));
      return;
    }
    // The one conflict a new account can meet: the username is taken.
    if (result.failure === 'server' && result.status === 409) {
      setError('username', { type: 'server', message: result.message }, { shouldFocus: true });
      return;
    }
    setFormError(result.failure === 'network' ? t('desk.people.sendOffline') : failureText(t, result));
  });

  // Schema messages are catalogue keys; server messages arrive already translated.
  const message = (text: string | undefined) => (text ? (i18n.exists(text) ? t(text) : text) : null);
  const fieldError = (name: (typeof FORM_FIELDS)[number]) => {
    const text = message(errors[name]?.message);
    return text ? (
      <p id={`${ids[name]}-error`} className="field-error">
        {text}
      </p>
    ) : null;
  };
  const describedBy = (name: (typeof FORM_FIELDS)[number], extra?: string) =>
    [errors[name] ? `${ids[name]}-error` : null, extra].filter(Boolean).join(' ') || undefined;

  return (
    <form className="card people-create" onSubmit={onSubmit} noValidate aria-labelledby={headingId}>
      <h2 id={headingId}>{t('desk.people.createTitle')}</h2>
      {restored && (
        <p className="muted" role="status">
          {t('desk.people.draftKept')}
        </p>
      )}
      <div className="field">
        <label htmlFor={ids.name}>{t('desk.people.name')}</label>
        <input
          id={ids.name}
          autoComplete="off"
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={describedBy('name')}
          {...register('name')}
        />
        {fieldError('name')}
      </div>
      <div className="field">
        <label htmlFor={ids.username}>{t('desk.people.username')}</label>
        <input
          id={ids.username}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          aria-invalid={errors.username ? true : undefined}
          aria-describedby={describedBy('username', ids.hint)}
          {...register('username')}
        />
        <p id={ids.hint} className="muted">
          {t('desk.people.usernameHint')}
        </p>
        {fieldError('username')}
      </div>
      <div className="field">
        <label htmlFor={ids.role}>{t('desk.people.role')}</label>
        <select id={ids.role} aria-describedby={describedBy('role')} {...register('role')}>
          <option value="coach">{t('roles.coach')}</option>
          <option value="coordinator">{t('roles.coordinator')}</option>
        </select>
        {fieldError('role')}
      </div>
      <div className="field">
        <label htmlFor={ids.phone}>{t('desk.people.phoneOptional')}</label>
        <input
          id={ids.phone}
          type="tel"
          inputMode="tel"
          autoComplete="off"
          aria-invalid={errors.phone ? true : undefined}
          aria-describedby={describedBy('phone')}
          {...register('phone')}
        />
        {fieldError('phone')}
      </div>
      {formError && (
        <p className="form-error" role="alert">
          {formError}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={isSubmitting}>
        {isSubmitting ? t('desk.people.creating') : t('desk.people.create')}
      </button>
    </form>
  );
}
