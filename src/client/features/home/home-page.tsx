import { useTranslation } from 'react-i18next';
import type { Role } from '@/shared/domain/user';

const INTRO_KEY: Record<Role, string> = {
  coach: 'home.coachIntro',
  coordinator: 'home.coordinatorIntro',
  owner: 'home.ownerIntro',
};
const TITLE_KEY: Record<Role, string> = {
  coach: 'nav.today',
  coordinator: 'nav.review',
  owner: 'nav.myBusiness',
};

/** Each role's landing page. Later issues fill these with real lists; for now they say what will come. */
export function HomePage({
  role,
  name,
  organisationName,
}: {
  role: Role;
  name: string;
  organisationName: string;
}) {
  const { t } = useTranslation();
  return (
    <section className="page">
      <h1>{t(TITLE_KEY[role])}</h1>
      <p className="greeting">{t('home.greeting', { name })}</p>
      <p className="lead">{t(INTRO_KEY[role])}</p>
      {organisationName && <p className="muted">{t('home.organisation', { name: organisationName })}</p>}
      <div className="card">
        <p>{t('home.comingSoon')}</p>
      </div>
    </section>
  );
}
