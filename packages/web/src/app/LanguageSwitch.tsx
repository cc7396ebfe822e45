import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { changeLanguage, type LanguageCode, supportedLanguages } from './i18n/index.ts';

/** The interface's language; named on screen where there is room (the header's menu), else only for assistive technology. */
export function LanguageSwitch({ visibleLabel = false }: { visibleLabel?: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <NativeSelect
      label={visibleLabel ? t('common.language') : undefined}
      aria-label={visibleLabel ? undefined : t('common.language')}
      size="sm"
      value={i18n.resolvedLanguage}
      onChange={(event) => changeLanguage(event.currentTarget.value as LanguageCode)}
      data={supportedLanguages.map((language) => ({ value: language.code, label: language.label }))}
    />
  );
}
