import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { StatusPage } from '@/client/components/status-page';
import { fieldsOf, loadBusinessDraft, type BusinessFields } from '@/client/data/business-repository';
import { localDb } from '@/client/data/local-db';
import { loadSession } from '@/client/data/session-repository';
import type { CityRegions } from '@/client/data/reference-repository';
import type { Role } from '@/shared/domain/user';
import { BusinessForm, type SaveOutcome } from './business-form';
import { EMPTY_FORM_VALUES, valuesFromFields, type BusinessFormValues } from './business-form-schema';
import { useCityRegions } from './region-picker';
import '@/client/i18n/business-form';

/** Built here, not imported from client/app: features never import the app layer. */
const BUSINESSES_PATH = '/usaha';
const businessPath = (businessId: string) => `${BUSINESSES_PATH}/${encodeURIComponent(businessId)}`;

/** NIK is personal data (UU 27/2022): only the roles that work with the owner see or edit it. */
const NIK_ROLES: readonly Role[] = ['coach', 'coordinator'];

/** What the business page shows once after a save (read from the router's location state). */
export type BusinessSavedState = { flash: string };

type Loaded =
  | { status: 'loading' }
  | { status: 'missing'; forId: string | null }
  | {
      status: 'ready';
      forId: string | null;
      initialValues: BusinessFormValues;
      pristineValues: BusinessFormValues;
      baseline: BusinessFields | null;
      restoredAt: string | null;
    };

/**
 * Reads, once, what the form starts from: the stored profile (for an edit) and any draft left by an
 * earlier visit to the form. Read once on purpose: a sync pull changing the row while the coach
 * types must not reset the inputs (the save diffs against the baseline instead).
 */
function useFormStart(businessId: string | null): Loaded {
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const business = businessId ? await localDb.businesses.get(businessId) : null;
      if (businessId && (!business || business.deletedAt)) {
        if (!cancelled) setLoaded({ status: 'missing', forId: businessId });
        return;
      }
      const stored = business ? fieldsOf(business) : null;
      const pristineValues = stored ? valuesFromFields(stored) : EMPTY_FORM_VALUES;
      const draft = await loadBusinessDraft<Partial<BusinessFormValues>>(localDb, businessId);
      if (cancelled) return;
      setLoaded({
        status: 'ready',
        forId: businessId,
        // A draft from an older app version may lack newer fields: fill them from the pristine values.
        initialValues: draft ? { ...pristineValues, ...draft.values } : pristineValues,
        pristineValues,
        baseline: draft?.baseline ?? stored,
        restoredAt: draft?.updatedAt ?? null,
      });
    })();
    return () => {
      cancelled = true;
    };
  }, [businessId]);
  // Until the read for this id is back, whatever was read for another id is not this form's start.
  return loaded.status !== 'loading' && loaded.forId === businessId ? loaded : { status: 'loading' };
}

function regionNames(regions: CityRegions | null | undefined): (code: string) => string {
  const names = new Map<string, string>();
  for (const district of regions?.districts ?? []) {
    names.set(district.code, district.name);
    for (const village of district.villages) names.set(village.code, village.name);
  }
  return (code) => names.get(code) ?? code;
}

/** `/usaha/baru` (new business) and `/usaha/:businessId/ubah` (edit): the business profile form. */
export function BusinessFormPage() {
  const { t } = useTranslation();
  const { businessId = null } = useParams();
  const navigate = useNavigate();
  // The session as the auth feature stored it (features do not import each other; the shell only
  // renders this page for a signed-in user).
  const session = useLiveQuery(() => loadSession(localDb), []);
  const regions = useCityRegions(localDb);
  const nameOf = useMemo(() => regionNames(regions), [regions]);
  const start = useFormStart(businessId);
  const title = businessId ? t('businessForm.titleEdit') : t('businessForm.titleNew');

  if (!session) return null;
  const { user } = session;

  if (start.status === 'missing') {
    return (
      <StatusPage title={title} message={t('businessForm.notFound')}>
        <Link className="button" to={BUSINESSES_PATH}>
          {t('businessForm.backToList')}
        </Link>
      </StatusPage>
    );
  }

  const onSaved = ({ businessId: savedId, kind }: SaveOutcome) => {
    const flash =
      kind === 'created'
        ? t('businessForm.savedNew')
        : kind === 'updated'
          ? t('businessForm.savedEdit')
          : t('businessForm.noChanges');
    const state: BusinessSavedState = { flash };
    void navigate(businessPath(savedId), { state });
  };

  return (
    <section className="page bf-page" aria-labelledby="bf-title">
      <h1 id="bf-title">{title}</h1>
      {start.status === 'loading' ? (
        <p className="loading" role="status">
          {t('app.loading')}
        </p>
      ) : (
        <BusinessForm
          key={businessId ?? 'new'}
          db={localDb}
          user={user}
          businessId={businessId}
          initialValues={start.initialValues}
          pristineValues={start.pristineValues}
          baseline={start.baseline}
          restoredAt={start.restoredAt}
          regions={regions}
          nameOf={nameOf}
          canSeeNik={NIK_ROLES.includes(user.role)}
          cancelTo={businessId ? businessPath(businessId) : BUSINESSES_PATH}
          onSaved={onSaved}
        />
      )}
    </section>
  );
}
