import { Card, List, SimpleGrid, Stack, Text } from '@mantine/core';
import type { Deflection } from '@patientdesk/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { percent } from './insights-format.ts';

function Figure({ label, value, hint }: { label: string; value: ReactNode; hint?: ReactNode }) {
  return (
    <Card withBorder padding="sm" role="group" aria-label={label}>
      <Stack gap={2}>
        <Text size="sm" c="dimmed">
          {label}
        </Text>
        <Text fw={700} fz="xl">
          {value}
        </Text>
        {hint && (
          <Text size="xs" c="dimmed" component="div">
            {hint}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

/**
 * What the assistant achieved over the period: the questions it answered (and whether patients
 * said that helped), those it handed to a person and why, those it could not answer, and the
 * share that needed no person at all.
 */
export function DeflectionFigures({ figures }: { figures: Deflection }) {
  const { t, i18n } = useTranslation();
  const because = figures.handedOverBecause;
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
      <Figure
        label={t('insights.deflection.rate')}
        value={percent(figures.deflectionRate, i18n.resolvedLanguage)}
        hint={t('insights.deflection.rateHint')}
      />
      <Figure
        label={t('insights.deflection.resolvedWithoutPerson')}
        value={figures.resolvedWithoutPerson}
        hint={t('insights.deflection.resolvedWithoutPersonHint')}
      />
      <Figure
        label={t('insights.deflection.answered')}
        value={figures.answered}
        hint={t('insights.deflection.helpfulness', {
          helpful: figures.helpful,
          notHelpful: figures.notHelpful,
        })}
      />
      <Figure
        label={t('insights.deflection.unanswered')}
        value={figures.unanswered}
        hint={t('insights.deflection.unansweredHint')}
      />
      <Figure
        label={t('insights.deflection.handedOver')}
        value={figures.handedOver}
        hint={
          <List size="xs" spacing={0}>
            <List.Item>
              {t('insights.deflection.askedForPerson', { count: because.askedForPerson })}
            </List.Item>
            <List.Item>
              {t('insights.deflection.secondUnanswered', { count: because.secondUnanswered })}
            </List.Item>
            <List.Item>{t('insights.deflection.notHelpful', { count: because.notHelpful })}</List.Item>
          </List>
        }
      />
    </SimpleGrid>
  );
}
