import { useTranslation } from 'react-i18next';

/** Placeholder until this page lands (issue 3). */
export function VisitPage() {
  const { t } = useTranslation();
  return (
    <section className="page">
      <h1>{t('nav.visits')}</h1>
    </section>
  );
}
