import { useTranslation } from 'react-i18next';
import type { ActionType } from '../api/client.ts';

export function IllustrativeBadge() {
  const { t } = useTranslation();
  return (
    <span className="badge badge-illustrative" title={t('common.illustrativeHint')}>
      {t('common.illustrative')}
      <span className="visually-hidden">: {t('common.illustrativeHint')}</span>
    </span>
  );
}

export function TypeBadge({ type }: { type: ActionType }) {
  const { t } = useTranslation();
  return <span className={`badge badge-type badge-${type}`}>{t(`actionType.${type}`)}</span>;
}

export function VisibilityBadge({ visibility }: { visibility: string }) {
  const { t } = useTranslation();
  return (
    <span className="badge badge-visibility">
      <span className="visually-hidden">{t('common.visibility')}: </span>
      {t(`visibility.${visibility}`, { defaultValue: visibility })}
    </span>
  );
}
