import { Anchor, Box, Card, Group, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { FrequentRequests } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { barWidths, calendarDate } from './insights-format.ts';

type Week = FrequentRequests['weeks'][number];

/** Where a supervisor starts a new help article: a public one, as patients asked the question. */
const newArticlePath = '/desk/knowledge/new?audience=public';

/** The intents of the week's inbound messages, most first, each with a bar to compare them by eye. */
function IntentBars({ week }: { week: Week }) {
  const { t } = useTranslation();
  if (week.intents.length === 0) return <Text c="dimmed">{t('insights.weeks.noMessages')}</Text>;
  const widths = barWidths(week.intents.map((row) => row.count));
  return (
    <Table withTableBorder>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('insights.weeks.intent')}</Table.Th>
          <Table.Th>{t('insights.weeks.messages')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {week.intents.map((row, index) => (
          <Table.Tr key={row.intent}>
            <Table.Th scope="row" fw={500}>
              {t(`triage.intent.${row.intent}`, { defaultValue: row.intent })}
            </Table.Th>
            <Table.Td w="60%">
              <Group gap="xs" wrap="nowrap">
                <Text size="sm" w="3ch" ta="right" style={{ flexShrink: 0 }}>
                  {row.count}
                </Text>
                {/* The number says it; the bar only helps the eye compare. */}
                <Box aria-hidden="true" style={{ flex: 1 }}>
                  <Box h={10} w={`${widths[index]}%`} bg="teal.7" style={{ borderRadius: 4, minWidth: 2 }} />
                </Box>
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The questions no article answered, most asked first: each is a help article waiting to be written. */
function UnansweredQuestions({ week, mayWriteArticles }: { week: Week; mayWriteArticles: boolean }) {
  const { t } = useTranslation();
  if (week.unanswered.length === 0) return <Text c="dimmed">{t('insights.weeks.noUnanswered')}</Text>;
  return (
    <List type="ordered" spacing="sm">
      {week.unanswered.map((row, index) => {
        const id = `question-${week.weekOf}-${index}`;
        return (
          <List.Item key={row.question}>
            <Stack gap={0}>
              <Text id={id}>“{row.question}”</Text>
              <Group gap="sm">
                <Text size="sm" c="dimmed">
                  {t('insights.weeks.asked', { count: row.count })}
                </Text>
                {mayWriteArticles && (
                  <Anchor component={Link} to={newArticlePath} size="sm" aria-describedby={id}>
                    {t('insights.weeks.writeArticle')}
                  </Anchor>
                )}
              </Group>
            </Stack>
          </List.Item>
        );
      })}
    </List>
  );
}

/** One week of frequent requests: what people asked for, and what the assistant could not answer. */
export function WeekRequests({ week, mayWriteArticles }: { week: Week; mayWriteArticles: boolean }) {
  const { t, i18n } = useTranslation();
  const headingId = `week-${week.weekOf}`;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={headingId}>
      <Stack gap="md">
        <Title order={2} size="h3" id={headingId}>
          {t('insights.weeks.weekOf', { date: calendarDate(week.weekOf, i18n.resolvedLanguage) })}
        </Title>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <Stack gap="xs">
            <Title order={3} size="h5">
              {t('insights.weeks.intents')}
            </Title>
            <IntentBars week={week} />
          </Stack>
          <Stack gap="xs">
            <Title order={3} size="h5">
              {t('insights.weeks.unanswered')}
            </Title>
            <UnansweredQuestions week={week} mayWriteArticles={mayWriteArticles} />
          </Stack>
        </SimpleGrid>
      </Stack>
    </Card>
  );
}
