import { Alert, Button, Card, Group, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import type { PortalPatient, PortalThread } from '@patientdesk/contracts';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/FormError.tsx';
import { fieldError, formLevelError, useFocusFirstInvalid } from '../../ui/field-errors.ts';
import { messagingPatients } from './conversation-texts.ts';
import { usePortalSend } from './use-portal-send.ts';

const fields = ['body.patientId', 'body.subject', 'body.body'];

/** Who a proxy may not write about, and why, in one line: nobody is left out without a word. */
function NotOffered({ patients }: { patients: PortalPatient[] }) {
  const { t } = useTranslation();
  if (patients.length === 0) return null;
  return (
    <Text size="sm" c="dimmed">
      {t('portalMessages.newMessage.notOffered', {
        names: patients.map((patient) => patient.displayName).join(', '),
      })}
    </Text>
  );
}

/**
 * Writing to the care team about one patient: the one chosen in the portal by default, among
 * those the person may message about. A message about a patient joins their open thread.
 */
export function NewMessageForm({
  patients,
  chosenPatient,
  onSent,
}: {
  patients: PortalPatient[];
  chosenPatient: PortalPatient | undefined;
  onSent(thread: PortalThread): void;
}) {
  const { t } = useTranslation();
  const offered = messagingPatients(patients);
  const notOffered = patients.filter((patient) => !offered.includes(patient));
  const defaultPatient = offered.find((patient) => patient.id === chosenPatient?.id) ?? offered[0];
  const [patientId, setPatientId] = useState(defaultPatient?.id);
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const sending = usePortalSend();
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(form, sending.error);

  if (!patientId) {
    return (
      <Alert color="yellow" role="status" title={t('portalMessages.newMessage.heading')}>
        {t('portalMessages.newMessage.nobody')}
      </Alert>
    );
  }
  const about = offered.find((patient) => patient.id === patientId);

  async function send(event: FormEvent) {
    event.preventDefault();
    if (!patientId) return;
    const thread = await sending.send({ patientId, subject, body });
    if (!thread) return;
    setSubject('');
    setBody('');
    onSent(thread);
  }

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="new-message-heading">
      <form ref={form} onSubmit={send} noValidate>
        <Stack>
          <Title order={2} size="h3" id="new-message-heading">
            {t('portalMessages.newMessage.heading')}
          </Title>
          <FormError
            error={formLevelError(sending.error, fields)}
            title={t('portalMessages.newMessage.failed')}
          />
          {offered.length > 1 ? (
            <Select
              label={t('portalMessages.newMessage.patient')}
              description={t('portalMessages.newMessage.patientHint')}
              data={offered.map((patient) => ({ value: patient.id, label: patient.displayName }))}
              value={patientId}
              onChange={(value) => value && setPatientId(value)}
              allowDeselect={false}
              error={fieldError(sending.error, 'body.patientId')}
              maw={420}
            />
          ) : (
            patients.length > 1 &&
            about && <Text>{t('portalMessages.newMessage.aboutOnly', { name: about.displayName })}</Text>
          )}
          <NotOffered patients={notOffered} />
          <TextInput
            label={t('portalMessages.newMessage.subject')}
            value={subject}
            onChange={(event) => setSubject(event.currentTarget.value)}
            maxLength={200}
            error={fieldError(sending.error, 'body.subject')}
          />
          <Textarea
            label={t('portalMessages.newMessage.body')}
            description={t('portalMessages.newMessage.bodyHint')}
            value={body}
            onChange={(event) => setBody(event.currentTarget.value)}
            autosize
            minRows={4}
            maxLength={5000}
            withAsterisk
            error={fieldError(sending.error, 'body.body')}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={sending.busy}>
              {t('portalMessages.newMessage.send')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
