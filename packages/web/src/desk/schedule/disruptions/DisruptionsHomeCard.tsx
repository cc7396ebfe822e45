import { Button, Card, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** The desk home's way to mark a provider unavailable, for those who manage schedules. */
export function DisruptionsHomeCard() {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="lg">
      <Stack gap="xs" align="flex-start">
        <Title order={2} size="h4">
          {t('disruptions.home.title')}
        </Title>
        <Text c="dimmed">{t('disruptions.home.hint')}</Text>
        <Button component={Link} to="/desk/schedule/disruptions" variant="default">
          {t('disruptions.home.open')}
        </Button>
      </Stack>
    </Card>
  );
}
