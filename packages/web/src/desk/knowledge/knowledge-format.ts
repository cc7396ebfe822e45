import {
  type KnowledgeCategory,
  type KnowledgeLanguage,
  knowledgeCategoryNames,
} from '@patientdesk/contracts';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

export interface KnowledgeFormat {
  /** The interface's language, for the category names the contracts carry in both. */
  language: KnowledgeLanguage;
  categoryName(category: KnowledgeCategory): string;
  /** A reading grade with at most one decimal, in the interface's number style ("8,5" in Spanish). */
  grade(value: number): string;
  /** A calendar date such as a review-by date ("2026-06-30"), named in words, never shifted by a time zone. */
  day(isoDate: string): string;
}

/** How the knowledge base pages write categories, grades and dates in the interface's language. */
export function useKnowledgeFormat(): KnowledgeFormat {
  const { i18n } = useTranslation();
  const language: KnowledgeLanguage = i18n.resolvedLanguage === 'es' ? 'es' : 'en';
  return useMemo(() => {
    // A date without a time is the same day everywhere: format it as UTC midnight, in UTC.
    const days = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' });
    return {
      language,
      categoryName: (category) => knowledgeCategoryNames[category][language],
      grade: (value) => value.toLocaleString(language, { maximumFractionDigits: 1 }),
      day: (isoDate) => days.format(new Date(`${isoDate}T00:00:00Z`)),
    };
  }, [language]);
}
