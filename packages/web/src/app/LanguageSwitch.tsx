import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { changeLanguage, type LanguageCode, supportedLanguages } from './i18n/index.ts';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <NativeSelect
      aria-label={t('common.language')}
      size="sm"
      value={i18n.resolvedLanguage}
      onChange={(event) => changeLanguage(event.currentTarget.value as LanguageCode)}
      data={supportedLanguages.map((language) => ({ value: language.code, label: language.label }))}
    />
  );
}
