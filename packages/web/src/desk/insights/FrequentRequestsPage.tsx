import { Alert, Box, Button, Group, NativeSelect, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import type { Deflection, FrequentRequests, SignedInStaff } from '@patientdesk/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { knowledgeEditors } from '../knowledge/knowledge-roles.ts';
import { DeflectionFigures } from './DeflectionFigures.tsx';
import { WeekRequests } from './WeekRequests.tsx';

const periods = ['7', '30', '90'] as const;
const weekChoices = ['4', '8', '12', '26'] as const;

/** How many questions the assistant answered without a person, over the chosen period. */
function DeflectionSection() {
  const { t, i18n } = useTranslation();
  const [days, setDays] = useState<(typeof periods)[number]>('30');
  const { data, error } = useApiData<Deflection>(`/api/assistant/deflection?days=${days}`);
  const day = new Intl.DateTimeFormat(i18n.resolvedLanguage, { dateStyle: 'medium' });
  return (
    <Stack gap="sm" component="section" aria-labelledby="deflection-heading">
      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h3" id="deflection-heading">
          {t('insights.deflection.title')}
        </Title>
        <Group gap="xs" role="radiogroup" aria-labelledby="deflection-period">
          <Text size="sm" id="deflection-period">
            {t('insights.deflection.period')}
          </Text>
          <SegmentedControl
            value={days}
            onChange={(value) => setDays(value as (typeof periods)[number])}
            data={periods.map((value) => ({
              value,
              label: t('insights.deflection.days', { count: +value }),
            }))}
          />
        </Group>
      </Group>
      <FormError error={error} title={t('insights.deflection.failed')} />
      {!data && !error && <Loading />}
      {data && (
        <>
          <Text size="sm" c="dimmed" aria-live="polite">
            {t('insights.deflection.between', {
              from: day.format(new Date(data.from)),
              to: day.format(new Date(data.to)),
            })}
          </Text>
          <DeflectionFigures figures={data} />
        </>
      )}
    </Stack>
  );
}

/** Per week: the top intents and the questions no article answered yet. */
function WeeksSection({ staff }: { staff: SignedInStaff }) {
  const { t } = useTranslation();
  const [weeks, setWeeks] = useState<(typeof weekChoices)[number]>('4');
  const { data, error } = useApiData<FrequentRequests>(`/api/inbox/frequent-requests?weeks=${weeks}`);
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <Text c="dimmed" maw={640}>
          {t('insights.weeks.intro')}
        </Text>
        <NativeSelect
          label={t('insights.weeks.show')}
          value={weeks}
          onChange={(event) => setWeeks(event.currentTarget.value as (typeof weekChoices)[number])}
          data={weekChoices.map((value) => ({
            value,
            label: t('insights.weeks.lastWeeks', { count: +value }),
          }))}
        />
      </Group>
      <Alert variant="light" color="gray">
        {t('insights.weeks.privacy')}
      </Alert>
      <FormError error={error} title={t('insights.weeks.failed')} />
      {!data && !error && <Loading />}
      {data?.weeks.map((week) => (
        <WeekRequests
          key={week.weekOf}
          week={week}
          mayWriteArticles={knowledgeEditors.includes(staff.role)}
        />
      ))}
    </Stack>
  );
}

/**
 * The supervisor's page at /desk/inbox/requests: how much the assistant answers on its own, and
 * per week what patients ask for and what no help article answers yet, so the team sees what to
 * write or automate next.
 */
export function FrequentRequestsPage({ staff }: { staff: SignedInStaff }) {
  const { t } = useTranslation();
  return (
    <Stack maw={1200} mx="auto" py="lg" gap="xl">
      <PageHeading
        title={t('insights.title')}
        intro={t('insights.intro')}
        actions={
          <Group gap="xs">
            <Button component={Link} to="/desk/inbox/overview" variant="default">
              {t('inbox.overview.title')}
            </Button>
            <Button component={Link} to="/desk/inbox/settings" variant="default">
              {t('inboxSettings.title')}
            </Button>
          </Group>
        }
      />
      <DeflectionSection />
      <Box>
        <WeeksSection staff={staff} />
      </Box>
    </Stack>
  );
}
