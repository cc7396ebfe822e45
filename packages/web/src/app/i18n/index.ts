import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { messages } from './messages.ts';

export const supportedLanguages = [
  { code: 'en', label: 'English' },
  { code: 'es', label: 'Español' },
] as const;
export type LanguageCode = (typeof supportedLanguages)[number]['code'];

const storageKey = 'patientdesk.language';

function initialLanguage(): LanguageCode {
  const stored = globalThis.localStorage?.getItem(storageKey);
  if (stored === 'en' || stored === 'es') return stored;
  const preferred = globalThis.navigator?.languages ?? [];
  return preferred.some((tag) => tag.toLowerCase().startsWith('es')) ? 'es' : 'en';
}

/** Switches the interface language, remembers it, and tells assistive technology via <html lang>. */
export function changeLanguage(language: LanguageCode): void {
  globalThis.localStorage?.setItem(storageKey, language);
  void i18n.changeLanguage(language);
}

i18n.on('languageChanged', (language) => {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
});

// Resources are bundled, so initialisation completes synchronously: the first render is translated.
void i18n.use(initReactI18next).init({
  initAsync: false,
  resources: { en: { translation: messages.en }, es: { translation: messages.es } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  // React already escapes what it renders.
  interpolation: { escapeValue: false },
});

export default i18n;
