import { zodResolver } from '@hookform/resolvers/zod';
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useLocation, useNavigate } from 'react-router';
import { z } from 'zod';
import { LanguageSwitch, toLanguage } from '@/client/components/language-switch';
import { useFormat } from '@/client/components/use-format';
import type { StoredSession } from '@/client/data/session-repository';
import { normalizePhone } from '@/shared/domain/common';
import { normalizeInviteCode, ownerSecretSchema, type InvitePreview } from '@/shared/domain/owner';
import { acceptInvite, previewInvite, type InviteFailure } from './invite-api';
import { OWNER_HOME_PATH } from './owner-common';
import { useOwnerText } from './owner-text';
import './owner.css';

/** The code as the link carries it: `/undangan#kode=ABCD…` (the fragment never reaches a server log). */
function codeFromHash(hash: string): string | null {
  const raw = new URLSearchParams(hash.replace(/^#/, '')).get('kode');
  return raw ? normalizeInviteCode(raw) : null;
}

type Stage =
  | { kind: 'enter' }
  | { kind: 'checking'; code: string }
  | { kind: 'failed'; code: string | null; failure: InviteFailure | { kind: 'offline' } }
  | { kind: 'ready'; code: string; preview: InvitePreview };

const codeFormSchema = z.object({
  code: z
    .string()
    .refine((value) => normalizeInviteCode(value) !== null, { message: 'owner.invite.codeInvalid' }),
});
type CodeForm = z.infer<typeof codeFormSchema>;

function activationSchema(needsPhone: boolean) {
  return z
    .object({
      phone: needsPhone
        ? z
            .string()
            .trim()
            .refine((value) => normalizePhone(value) !== null, { message: 'validation.phone' })
        : z.string(),
      secret: ownerSecretSchema,
      confirm: z.string(),
    })
    .refine((values) => values.confirm === values.secret, {
      path: ['confirm'],
      message: 'owner.invite.mismatch',
    });
}
type ActivationForm = z.infer<ReturnType<typeof activationSchema>>;

function useMessage() {
  const { t, i18n } = useOwnerText();
  return (key: string | undefined) => (key ? (i18n.exists(key) ? t(key) : key) : null);
}

function FailureText({ failure }: { failure: InviteFailure | { kind: 'offline' } }) {
  const { t } = useOwnerText();
  if (failure.kind === 'refused') {
    return <>{failure.error.message || t('owner.invite.failed', { reason: failure.error.code })}</>;
  }
  const keys = {
    unknown: 'owner.invite.unknown',
    expired: 'owner.invite.expired',
    used: 'owner.invite.used',
    network: 'owner.invite.network',
    tooMany: 'owner.invite.tooMany',
    offline: 'owner.invite.offline',
  } as const;
  return <>{t(keys[failure.kind])}</>;
}

/** Typing the code by hand (a link that lost its fragment, a code read out over the phone). */
function CodeEntry({ onCode }: { onCode: (code: string) => void }) {
  const { t } = useOwnerText();
  const message = useMessage();
  const inputId = useId();
  const helpId = useId();
  const errorId = useId();
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<CodeForm>({ resolver: zodResolver(codeFormSchema), defaultValues: { code: '' } });
  const error = message(errors.code?.message);
  return (
    <form onSubmit={handleSubmit((values) => onCode(normalizeInviteCode(values.code) ?? ''))} noValidate>
      <div className="field">
        <label htmlFor={inputId}>{t('owner.invite.code')}</label>
        <input
          id={inputId}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={[helpId, error ? errorId : null].filter(Boolean).join(' ')}
          {...register('code')}
        />
        <p id={helpId} className="owner-help">
          {t('owner.invite.codeHint')}
        </p>
        {error && (
          <p id={errorId} className="field-error">
            {error}
          </p>
        )}
      </div>
      <button type="submit" className="button button-primary button-block">
        {t('owner.invite.check')}
      </button>
    </form>
  );
}

function ActivationFormView({
  code,
  preview,
  onFailure,
  onSignedIn,
}: {
  code: string;
  preview: InvitePreview;
  onFailure: (failure: InviteFailure | { kind: 'offline' }) => void;
  onSignedIn: (session: StoredSession) => Promise<void>;
}) {
  const { t, i18n } = useOwnerText();
  const format = useFormat();
  const message = useMessage();
  const needsPhone = preview.phoneHint === null;
  const schema = useMemo(() => activationSchema(needsPhone), [needsPhone]);
  const ids = { phone: useId(), phoneHelp: useId(), secret: useId(), secretHelp: useId(), confirm: useId() };
  const errorIds = { phone: useId(), secret: useId(), confirm: useId(), form: useId() };
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<ActivationForm>({
    resolver: zodResolver(schema),
    defaultValues: { phone: '', secret: '', confirm: '' },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    if (!navigator.onLine) {
      setFormError(t('owner.invite.offline'));
      return;
    }
    const phone = needsPhone ? (normalizePhone(values.phone) ?? values.phone) : undefined;
    const result = await acceptInvite(
      { code, secret: values.secret, ...(phone ? { phone } : {}) },
      toLanguage(i18n.resolvedLanguage),
    );
    if (result.kind === 'ok') {
      await onSignedIn({
        token: result.token,
        expiresAt: result.expiresAt,
        user: result.user,
        organisation: null,
      });
      return;
    }
    if (result.kind === 'unknown' || result.kind === 'expired' || result.kind === 'used') {
      onFailure(result);
      return;
    }
    if (result.kind === 'refused') {
      for (const field of result.error.fields ?? []) {
        if (field.path === 'secret' || field.path === 'phone') {
          setError(field.path, { type: 'server', message: field.message });
        }
      }
      setFormError(result.error.message || t('owner.invite.failed', { reason: result.error.code }));
      return;
    }
    setFormError(t(result.kind === 'tooMany' ? 'owner.invite.tooMany' : 'owner.invite.network'));
  });

  const phoneError = message(errors.phone?.message);
  const secretError = message(errors.secret?.message);
  const confirmError = message(errors.confirm?.message);
  const describe = (...list: Array<string | null>) => list.filter(Boolean).join(' ') || undefined;

  return (
    <>
      <div className="notice">
        <p>{t('owner.invite.forBusiness', { owner: preview.ownerName, business: preview.businessName })}</p>
        <p className="owner-small">
          {t('owner.invite.validUntil', { date: format.date(preview.expiresAt) })}
        </p>
        {preview.accountExists && <p className="owner-small">{t('owner.invite.accountExists')}</p>}
      </div>
      <form onSubmit={onSubmit} noValidate aria-describedby={formError ? errorIds.form : undefined}>
        {needsPhone ? (
          <div className="field">
            <label htmlFor={ids.phone}>{t('owner.invite.phone')}</label>
            <input
              id={ids.phone}
              type="tel"
              autoComplete="tel"
              aria-invalid={phoneError ? true : undefined}
              aria-describedby={describe(ids.phoneHelp, phoneError ? errorIds.phone : null)}
              {...register('phone')}
            />
            <p id={ids.phoneHelp} className="owner-help">
              {t('owner.invite.phoneHelp')}
            </p>
            {phoneError && (
              <p id={errorIds.phone} className="field-error">
                {phoneError}
              </p>
            )}
          </div>
        ) : (
          <p className="owner-phone-hint">{t('owner.invite.phoneHint', { phone: preview.phoneHint })}</p>
        )}
        <div className="field">
          <label htmlFor={ids.secret}>{t('owner.invite.secret')}</label>
          <input
            id={ids.secret}
            type="password"
            autoComplete="new-password"
            aria-invalid={secretError ? true : undefined}
            aria-describedby={describe(ids.secretHelp, secretError ? errorIds.secret : null)}
            {...register('secret')}
          />
          <p id={ids.secretHelp} className="owner-help">
            {t('owner.invite.secretHelp')}
          </p>
          {secretError && (
            <p id={errorIds.secret} className="field-error">
              {secretError}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={ids.confirm}>{t('owner.invite.confirm')}</label>
          <input
            id={ids.confirm}
            type="password"
            autoComplete="new-password"
            aria-invalid={confirmError ? true : undefined}
            aria-describedby={describe(confirmError ? errorIds.confirm : null)}
            {...register('confirm')}
          />
          {confirmError && (
            <p id={errorIds.confirm} className="field-error">
              {confirmError}
            </p>
          )}
        </div>
        {formError && (
          <p id={errorIds.form} className="form-error" role="alert">
            {formError}
          </p>
        )}
        <button type="submit" className="button button-primary button-block" disabled={isSubmitting}>
          {isSubmitting ? t('owner.invite.submitting') : t('owner.invite.submit')}
        </button>
      </form>
    </>
  );
}

/**
 * The invite page (/undangan), public: a business owner opens the link their coach sent
 * (`/undangan#kode=…`), sees whose invite it is, sets a password or a 6-digit PIN (and their mobile
 * number when the business has none), and is signed in to their own business.
 *
 * `signIn` starts the session exactly as the sign-in page does (the auth feature's `signIn`, handed
 * down by the app so this feature does not import another); the page then goes to /pemilik.
 * Activation needs the network; an invite made offline works only once the coach's phone has synced.
 */
export function InvitePage({ signIn }: { signIn: (session: StoredSession) => Promise<void> }) {
  const { t, i18n } = useOwnerText();
  const { hash } = useLocation();
  const navigate = useNavigate();
  const fromLink = useMemo(() => codeFromHash(hash), [hash]);
  const [stage, setStage] = useState<Stage>(() =>
    fromLink ? { kind: 'checking', code: fromLink } : { kind: 'enter' },
  );

  /** Asks the server about a code; offline, says so without asking. */
  const ask = useCallback(
    async (code: string): Promise<Stage> => {
      if (!navigator.onLine) return { kind: 'failed', code, failure: { kind: 'offline' } };
      const result = await previewInvite(code, toLanguage(i18n.resolvedLanguage));
      return result.kind === 'ok'
        ? { kind: 'ready', code, preview: result.preview }
        : { kind: 'failed', code, failure: result };
    },
    // The i18n instance is stable: switching language does not check the code again.
    [i18n],
  );

  const check = async (code: string) => {
    setStage({ kind: 'checking', code });
    setStage(await ask(code));
  };

  // The link's code is checked once on arrival; a code typed later is checked on submit.
  useEffect(() => {
    if (!fromLink) return;
    let current = true;
    void ask(fromLink).then((next) => {
      if (current) setStage(next);
    });
    return () => {
      current = false;
    };
  }, [fromLink, ask]);

  const onSignedIn = async (session: StoredSession) => {
    await signIn(session);
    navigate(OWNER_HOME_PATH, { replace: true });
  };

  const codeHash = stage.kind === 'enter' ? null : stage.code;
  const retryable = stage.kind === 'failed' && ['offline', 'network', 'tooMany'].includes(stage.failure.kind);

  return (
    <div className="login-layout">
      <main id="main" className="login-card owner-invite" tabIndex={-1}>
        <div className="brand brand-large">
          <img src="/favicon.svg" alt="" width="48" height="48" />
          <div>
            <p className="brand-name">{t('app.name')}</p>
            <p className="brand-tagline">{t('app.tagline')}</p>
          </div>
        </div>
        <h1>{t('owner.invite.title')}</h1>
        <p>{t('owner.invite.intro')}</p>

        {stage.kind === 'enter' && <CodeEntry onCode={(code) => void check(code)} />}
        {stage.kind === 'checking' && (
          <p className="loading" role="status">
            {t('owner.invite.checking')}
          </p>
        )}
        {stage.kind === 'failed' && (
          <div className="owner-invite-failed">
            <p className="form-error" role="alert">
              <FailureText failure={stage.failure} />
            </p>
            <div className="owner-links-row">
              {retryable && codeHash && (
                <button type="button" className="button button-primary" onClick={() => void check(codeHash)}>
                  {t('owner.invite.retry')}
                </button>
              )}
              <button type="button" className="button" onClick={() => setStage({ kind: 'enter' })}>
                {t('owner.invite.otherCode')}
              </button>
              {stage.failure.kind === 'used' && (
                <Link className="button" to="/">
                  {t('owner.invite.toLogin')}
                </Link>
              )}
            </div>
          </div>
        )}
        {stage.kind === 'ready' && (
          <ActivationFormView
            code={stage.code}
            preview={stage.preview}
            onFailure={(failure) => setStage({ kind: 'failed', code: stage.code, failure })}
            onSignedIn={onSignedIn}
          />
        )}
        <LanguageSwitch />
      </main>
    </div>
  );
}
