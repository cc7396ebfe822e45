import { Badge, Text } from '@mantine/core';
import type { KnowledgeAudience, KnowledgeStatus } from '@patientdesk/contracts';
import { plainLanguageGradeLimit } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { useKnowledgeFormat } from './knowledge-format.ts';

const statusColour: Record<KnowledgeStatus, string> = {
  draft: 'gray',
  published: 'green',
  archived: 'dark',
};

export function StatusBadge({ status }: { status: KnowledgeStatus }) {
  const { t } = useTranslation();
  return (
    <Badge size="sm" variant="light" color={statusColour[status]}>
      {t(`knowledge.status.${status}`)}
    </Badge>
  );
}

/** Internal articles are marked; public is the usual case and goes unsaid in lists. */
export function AudienceBadge({
  audience,
  always = false,
}: {
  audience: KnowledgeAudience;
  always?: boolean;
}) {
  const { t } = useTranslation();
  if (audience === 'public' && !always) return null;
  return (
    <Badge size="sm" variant="light" color={audience === 'internal' ? 'violet' : 'blue'}>
      {t(`knowledge.audience.${audience}`)}
    </Badge>
  );
}

/** The reading grade, flagged above the limit (grade 8): patients under stress read plain words best. */
export function GradeLabel({ grade, aboveLimit }: { grade: number; aboveLimit: boolean }) {
  const { t } = useTranslation();
  const format = useKnowledgeFormat();
  if (!aboveLimit) return <Text size="sm">{t('knowledge.grade.value', { grade: format.grade(grade) })}</Text>;
  return (
    <Badge size="md" variant="light" color="orange" style={{ textTransform: 'none' }}>
      {t('knowledge.grade.above', { grade: format.grade(grade), limit: plainLanguageGradeLimit })}
    </Badge>
  );
}

/** The date an owner should check the article again, flagged once it has passed. */
export function ReviewDate({ reviewBy, overdue }: { reviewBy: string | null; overdue: boolean }) {
  const { t } = useTranslation();
  const format = useKnowledgeFormat();
  if (!reviewBy)
    return (
      <Text size="sm" c="dimmed">
        {t('knowledge.review.none')}
      </Text>
    );
  if (!overdue) return <Text size="sm">{format.day(reviewBy)}</Text>;
  return (
    <Badge size="md" variant="light" color="red" style={{ textTransform: 'none' }}>
      {t('knowledge.review.overdue', { date: format.day(reviewBy) })}
    </Badge>
  );
}
