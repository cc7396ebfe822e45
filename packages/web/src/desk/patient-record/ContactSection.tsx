import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { PatientRecord } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';

/** Phones and emails (verified or not), address, and how the patient wants to be reached. */
export function ContactSection({ record }: { record: PatientRecord }) {
  const { t } = useTranslation();
  const { contactPoints, address, preferredChannel, quietHours } = record.contact;
  const addressText = [address.line, address.city, address.region, address.postalCode, address.country]
    .filter(Boolean)
    .join(', ');
  return (
    <Card withBorder component="section" aria-labelledby="contact-heading">
      <Title order={2} size="h4" id="contact-heading" mb="sm">
        {t('patients.contact.title')}
      </Title>
      <Stack gap="xs">
        {contactPoints.length === 0 && <Text c="dimmed">{t('patients.contact.none')}</Text>}
        {contactPoints.map((point) => (
          <Group key={point.id} gap="xs">
            <Text>{point.value}</Text>
            <Text size="sm" c="dimmed">
              {t(`patients.contact.labels.${point.label}`)}
            </Text>
            {point.isPrimary && (
              <Badge color="blue.9" variant="outline">
                {t('patients.contact.primary')}
              </Badge>
            )}
            {point.verifiedAt ? (
              <Badge color="teal.9">{t('patients.contact.verified')}</Badge>
            ) : (
              <Badge color="gray.7">{t('patients.contact.unverified')}</Badge>
            )}
          </Group>
        ))}
        <Text>
          <Text span fw={600}>
            {t('patients.contact.address')}:{' '}
          </Text>
          {addressText || t('patients.contact.noAddress')}
        </Text>
        <Text>
          <Text span fw={600}>
            {t('patients.contact.preferredChannel')}:{' '}
          </Text>
          {t(`patients.channels.${preferredChannel}`)}
          {quietHours &&
            ` · ${t('patients.contact.quietHours', { start: quietHours.start, end: quietHours.end })}`}
        </Text>
      </Stack>
    </Card>
  );
}
