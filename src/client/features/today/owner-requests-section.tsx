/**
 * Today's "Permintaan dari pemilik usaha": data corrections an owner asked for, each a link to the
 * business page's answer card. A chunk of its own, loaded only when there is a request.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OwnerRequest } from '@/client/data/today-repository';
import { BusinessLine, Context, Section, businessHref } from './today-parts';
import '@/client/i18n/invites';

function OwnerRequestRow({ request, nameOf }: { request: OwnerRequest; nameOf: (code: string) => string }) {
  const { t } = useTranslation();
  const field = request.followUp.correction?.field ?? 'name';
  return (
    <li className="today-item">
      <div className="today-item-main">
        <BusinessLine business={request.business} villageName={nameOf(request.business.villageCode)} />
        <p className="today-item-meta">{t('invites.today.wants', { field: t(`invites.fields.${field}`) })}</p>
      </div>
      <Link className="button today-action" to={`${businessHref(request.business.id)}#koreksi`}>
        {t('invites.today.open')}
        <Context>{request.business.name}</Context>
      </Link>
    </li>
  );
}

export function OwnerRequestsSection({
  requests,
  nameOf,
}: {
  requests: readonly OwnerRequest[];
  nameOf: (code: string) => string;
}) {
  const { t } = useTranslation();
  return (
    <Section
      title={t('invites.today.heading')}
      items={requests}
      empty=""
      renderItem={(request) => (
        <OwnerRequestRow key={request.followUp.id} request={request} nameOf={nameOf} />
      )}
    />
  );
}
