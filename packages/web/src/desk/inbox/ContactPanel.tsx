import { Alert, Anchor, Badge, Button, Group, List, Stack, Text, Title } from '@mantine/core';
import type { ConversationSummary, PatientRecord } from '@patientdesk/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { ageInYears, displayName } from '../patient-record/age.ts';
import { ChannelLabel, useContactName } from './ConversationBadges.tsx';
import { VerifyContactModal } from './VerifyContactModal.tsx';

/** The linked patient's record in brief, and their other conversations: shown only after verification. */
function VerifiedPatient({ patientId, conversationId }: { patientId: string; conversationId: string }) {
  const { t } = useTranslation();
  const record = useApiData<PatientRecord>(`/api/patients/${patientId}`);
  const previous = useApiData<{ items: ConversationSummary[] }>(
    `/api/conversations?patientId=${patientId}&limit=10`,
  );
  if (record.error) return <FormError error={record.error} title={t('inbox.contact.recordFailed')} />;
  if (!record.data) return <Loading />;
  const { demographics, proxies, consents } = record.data;
  const others = previous.data?.items.filter((item) => item.id !== conversationId) ?? [];
  return (
    <Stack gap="xs">
      <Title order={3} size="h6">
        {t('inbox.contact.patient')}
      </Title>
      <Text fw={600}>{displayName(demographics)}</Text>
      <Text size="sm">
        {t('inbox.contact.born', {
          date: demographics.birthDate,
          age: t('patients.age', { count: ageInYears(demographics.birthDate) }),
        })}
      </Text>
      <Text size="sm">{t('inbox.verify.mrn', { mrn: demographics.mrn })}</Text>
      {consents.current.length > 0 && (
        <Group gap={4}>
          {consents.current.map((consent) => (
            <Badge
              key={consent.channel}
              size="xs"
              variant="light"
              color={consent.status === 'granted' ? 'green' : 'red'}
            >
              {t('inbox.contact.consent', {
                channel: t(`patients.consents.channels.${consent.channel}`),
                status: t(`patients.consents.status.${consent.status}`),
              })}
            </Badge>
          ))}
        </Group>
      )}
      {proxies.length > 0 && (
        <>
          <Text size="sm" fw={600}>
            {t('inbox.contact.proxies')}
          </Text>
          <List size="sm">
            {proxies.map((proxy) => (
              <List.Item key={proxy.id}>
                {proxy.name} · {t(`patients.relationships.${proxy.relationship}`)} (
                {proxy.scopes.map((scope) => t(`patients.scopes.${scope}`)).join(', ') ||
                  t('patients.people.noScopes')}
                )
              </List.Item>
            ))}
          </List>
        </>
      )}
      <Anchor component={Link} to={`/desk/patients/${patientId}`} size="sm">
        {t('inbox.contact.openRecord')}
      </Anchor>
      <Title order={3} size="h6" mt="sm">
        {t('inbox.contact.previous')}
      </Title>
      {previous.data && others.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('inbox.contact.noPrevious')}
        </Text>
      )}
      <Stack gap={4} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {others.map((item) => (
          <li key={item.id}>
            <Anchor component={Link} to={`/desk/inbox/${item.id}`} size="sm">
              {t('inbox.contact.previousItem', {
                number: item.number,
                subject: item.subject ?? t(`inbox.channel.${item.channel}`),
                status: t(`inbox.status.${item.status}`),
              })}
            </Anchor>
          </li>
        ))}
      </Stack>
    </Stack>
  );
}

/**
 * Who this is: the kind of contact, where they wrote from, whether they opted out, and whether
 * their identity was verified. An unverified contact shows no patient details at all (a phone
 * number that matches a record is only a guess); the "Verify identity" flow is the way in.
 */
export function ContactPanel({
  conversation,
  onChanged,
}: {
  conversation: ConversationSummary;
  onChanged(summary: ConversationSummary): void;
}) {
  const { t } = useTranslation();
  const contactName = useContactName();
  const [verifying, setVerifying] = useState(false);
  const { contact } = conversation;
  return (
    <Stack gap="xs" component="section" aria-labelledby="contact-heading">
      <Title order={2} size="h5" id="contact-heading">
        {t('inbox.contact.title')}
      </Title>
      <Text fw={600}>{contactName(conversation)}</Text>
      <Group gap={6}>
        <Badge size="sm" variant="light" color="gray">
          {t(`inbox.contact.kind.${contact.kind}`)}
        </Badge>
        <ChannelLabel channel={conversation.channel} />
        {contact.optedOut && (
          <Badge size="sm" variant="light" color="red">
            {t('inbox.contact.optedOut')}
          </Badge>
        )}
      </Group>
      {contact.address && <Text size="sm">{contact.address}</Text>}
      {conversation.identityVerified && conversation.patientId ? (
        <>
          <Badge color="green" variant="light">
            {t('inbox.contact.verified')}
          </Badge>
          <VerifiedPatient patientId={conversation.patientId} conversationId={conversation.id} />
        </>
      ) : (
        <Alert color="gray" variant="light" title={t('inbox.contact.notVerified')}>
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{t('inbox.contact.notVerifiedExplain')}</Text>
            {conversation.status !== 'resolved' && (
              <Button size="xs" onClick={() => setVerifying(true)}>
                {t('inbox.verify.open')}
              </Button>
            )}
          </Stack>
        </Alert>
      )}
      {verifying && (
        <VerifyContactModal
          conversation={conversation}
          opened={verifying}
          onClose={() => setVerifying(false)}
          onVerified={(summary) => {
            setVerifying(false);
            onChanged(summary);
          }}
        />
      )}
    </Stack>
  );
}
