import { Button, Card, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** The desk home's way to the providers' schedules. */
export function ScheduleHomeCard() {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="lg">
      <Stack gap="xs" align="flex-start">
        <Title order={2} size="h4">
          {t('schedule.homeCard.title')}
        </Title>
        <Text c="dimmed">{t('schedule.homeCard.hint')}</Text>
        <Button component={Link} to="/desk/schedule" variant="default">
          {t('schedule.homeCard.open')}
        </Button>
      </Stack>
    </Card>
  );
}
