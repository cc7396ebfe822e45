import { Button, Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from './page-title.ts';

export function LandingPage() {
  const { t } = useTranslation();
  usePageTitle(t('common.appName'));
  return (
    <Stack maw={880} mx="auto" py="xl" gap="lg">
      <Title order={1}>{t('landing.title')}</Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
        <Card withBorder padding="lg">
          <Stack>
            <Title order={2} size="h3">
              {t('landing.patientTitle')}
            </Title>
            <Text>{t('landing.patientText')}</Text>
            <Button component={Link} to="/portal">
              {t('landing.patientAction')}
            </Button>
          </Stack>
        </Card>
        <Card withBorder padding="lg">
          <Stack>
            <Title order={2} size="h3">
              {t('landing.staffTitle')}
            </Title>
            <Text>{t('landing.staffText')}</Text>
            <Button component={Link} to="/desk" variant="outline">
              {t('landing.staffAction')}
            </Button>
          </Stack>
        </Card>
      </SimpleGrid>
      <Text size="sm" c="dimmed">
        {t('common.emergency')}
      </Text>
    </Stack>
  );
}
