import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { LanguageSwitch, toLanguage } from '@/client/components/language-switch';
import { fetchPublicConfig, login, type PublicConfig } from './auth-api';
import { useSession } from './use-session';
import '@/client/i18n/settings';
import '@/client/i18n/login';

/** Sign-in only checks presence; the server decides whether the pair is right (and answers why not). */
const loginFormSchema = z.object({
  username: z.string().trim().toLowerCase().min(1, { message: 'validation.required' }),
  password: z.string().min(1, { message: 'validation.required' }),
});
type LoginForm = z.infer<typeof loginFormSchema>;

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const { signIn, notice } = useSession();
  const [formError, setFormError] = useState<string | null>(null);
  const [config, setConfig] = useState<PublicConfig | null>(null);
  const errorId = useId();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<LoginForm>({
    resolver: zodResolver(loginFormSchema),
    defaultValues: { username: '', password: '' },
  });

  useEffect(() => {
    let cancelled = false;
    void fetchPublicConfig().then((value) => {
      if (!cancelled) setConfig(value);
    });
    return () => {
      cancelled = true;
    };
  }, []);

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    if (!navigator.onLine) {
      setFormError(t('login.offline'));
      return;
    }
    const result = await login(values.username, values.password, toLanguage(i18n.resolvedLanguage));
    if (result.kind === 'network') {
      setFormError(t('errors.network'));
      return;
    }
    if (result.kind === 'refused') {
      for (const field of result.error.fields ?? []) {
        if (field.path === 'username' || field.path === 'password') {
          setError(field.path, { type: 'server', message: field.message });
        }
      }
      setFormError(result.error.message || t('errors.unexpected'));
      return;
    }
    await signIn({ token: result.token, expiresAt: result.expiresAt, user: result.user, organisation: null });
  });

  // Schema messages are catalogue keys; server messages arrive already translated.
  const fieldMessage = (message: string | undefined) =>
    message ? (i18n.exists(message) ? t(message) : message) : null;
  const usernameError = fieldMessage(errors.username?.message);
  const passwordError = fieldMessage(errors.password?.message);

  return (
    <div className="login-layout">
      <main id="main" className="login-card" tabIndex={-1}>
        <div className="brand brand-large">
          <img src="/favicon.svg" alt="" width="48" height="48" />
          <div>
            <p className="brand-name">{t('app.name')}</p>
            <p className="brand-tagline">{t('app.tagline')}</p>
          </div>
        </div>
        <h1>{t('login.title')}</h1>
        {notice?.reason === 'accountClosed' && (
          <div className="warning" role="status">
            <p>{t('login.accountClosed')}</p>
            {notice.rejected.length > 0 && (
              <>
                <p>{t('login.accountClosedRejected', { count: notice.rejected.length })}</p>
                <ul>
                  {notice.rejected.map((rejection) => (
                    <li key={`${rejection.table}-${rejection.mutationId}-${rejection.rowId}`}>
                      {t(`settings.tables.${rejection.table}`, { defaultValue: rejection.table })}:{' '}
                      {rejection.reason === 'blobRefused' ? t('settings.blobRefused') : rejection.message}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
        <form onSubmit={onSubmit} noValidate aria-describedby={formError ? errorId : undefined}>
          <div className="field">
            <label htmlFor="login-username">{t('login.username')}</label>
            <input
              id="login-username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              aria-invalid={usernameError ? true : undefined}
              aria-describedby={
                usernameError ? 'login-username-hint login-username-error' : 'login-username-hint'
              }
              {...register('username')}
            />
            <p id="login-username-hint" className="muted login-hint">
              {t('login.usernameHint')}
            </p>
            {usernameError && (
              <p id="login-username-error" className="field-error">
                {usernameError}
              </p>
            )}
          </div>
          <div className="field">
            <label htmlFor="login-password">{t('login.password')}</label>
            <input
              id="login-password"
              type="password"
              autoComplete="current-password"
              aria-invalid={passwordError ? true : undefined}
              aria-describedby={passwordError ? 'login-password-error' : undefined}
              {...register('password')}
            />
            {passwordError && (
              <p id="login-password-error" className="field-error">
                {passwordError}
              </p>
            )}
          </div>
          {formError && (
            <p id={errorId} className="form-error" role="alert">
              {formError}
            </p>
          )}
          <button type="submit" className="button button-primary button-block" disabled={isSubmitting}>
            {isSubmitting ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
        <LanguageSwitch />
      </main>
      {/* After the card, not above it: it appears once /api/config answers and must not push the form down. */}
      {config?.demo && (
        <div className="banner banner-demo login-demo" role="note">
          <p>{t('app.demoBanner')}</p>
          {config.demoAccounts && config.demoPassword && (
            <p>
              {t('login.demoAccounts', {
                accounts: config.demoAccounts.join(', '),
                password: config.demoPassword,
              })}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
