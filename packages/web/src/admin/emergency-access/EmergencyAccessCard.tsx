import { Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { EmergencyAccess } from '@patientdesk/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useDateTimeFormat } from '../../ui/dates.ts';
import { ReviewForm } from './ReviewForm.tsx';

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{children}</Text>
    </div>
  );
}

/** One "break the glass": who opened which record, why and when; its review or the form for one. */
export function EmergencyAccessCard({ access, onReviewed }: { access: EmergencyAccess; onReviewed(): void }) {
  const { t } = useTranslation();
  const formatTime = useDateTimeFormat();
  const headingId = `emergency-access-${access.id}`;
  return (
    <Card withBorder padding="md" component="article" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h4" id={headingId}>
            {t('adminEmergency.heading', {
              staff: access.staffMember.displayName,
              patient: access.patient.displayName,
            })}
          </Title>
          <Badge variant="light" color={access.review ? 'green' : 'orange'}>
            {t(access.review ? 'adminEmergency.reviewed' : 'adminEmergency.pending')}
          </Badge>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
          <Detail label={t('adminEmergency.staff')}>
            {access.staffMember.displayName}
            {' · '}
            {t(`roles.${access.staffMember.role}`, { defaultValue: access.staffMember.role })}
          </Detail>
          <Detail label={t('adminEmergency.patient')}>{access.patient.displayName}</Detail>
          <Detail label={t('adminEmergency.grantedAt')}>{formatTime(access.grantedAt)}</Detail>
          <Detail label={t('adminEmergency.expiresAt')}>{formatTime(access.expiresAt)}</Detail>
        </SimpleGrid>
        <Detail label={t('adminEmergency.reason')}>{access.reason}</Detail>
        {access.review ? (
          <Detail
            label={t('adminEmergency.reviewedBy', {
              name: access.review.reviewedBy.displayName,
              when: formatTime(access.review.reviewedAt),
            })}
          >
            {access.review.note ?? t('adminEmergency.noNote')}
          </Detail>
        ) : (
          <ReviewForm access={access} onReviewed={onReviewed} />
        )}
      </Stack>
    </Card>
  );
}
