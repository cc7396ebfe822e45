import { Button, Card, Group, SegmentedControl, Stack, Text, Textarea, Title } from '@mantine/core';
import type { PatientNote, PatientRecord } from '@patientdesk/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client.ts';
import { FormError } from '../../app/FormError.tsx';
import { useDateTimeFormat } from '../../ui/dates.ts';
import { fieldError } from '../../ui/field-errors.ts';
import { useSubmission } from '../../ui/use-submission.ts';
import { Withheld } from './Withheld.tsx';

function NoteList({ notes }: { notes: PatientNote[] }) {
  const { t } = useTranslation();
  const formatDate = useDateTimeFormat();
  if (notes.length === 0) return <Text c="dimmed">{t('patients.notes.none')}</Text>;
  return (
    <Stack gap="xs">
      {notes.map((note) => (
        <Card key={note.id} withBorder padding="sm" bg="gray.0">
          <Text style={{ whiteSpace: 'pre-wrap' }}>{note.body}</Text>
          <Text size="xs" c="dimmed" mt={4}>
            {note.author.displayName} · {formatDate(note.createdAt)}
          </Text>
        </Card>
      ))}
    </Stack>
  );
}

/** Administrative notes for everyone who reads the record; clinical notes for clinicians. */
export function NotesSection({
  record,
  mayWriteClinical,
  onAdded,
  onBreakGlass,
}: {
  record: PatientRecord;
  mayWriteClinical: boolean;
  onAdded(): void;
  onBreakGlass(): void;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'administrative' | 'clinical'>('administrative');
  const [body, setBody] = useState('');
  const { busy, error, submit } = useSubmission();

  async function add(event: FormEvent) {
    event.preventDefault();
    await submit(async () => {
      await callApi('POST', `/api/patients/${record.id}/notes`, { kind, body });
      setBody('');
      onAdded();
    });
  }

  return (
    <Card withBorder component="section" aria-labelledby="notes-heading">
      <Title order={2} size="h4" id="notes-heading" mb="sm">
        {t('patients.notes.title')}
      </Title>
      <Stack>
        {record.notes === null ? <Withheld onBreakGlass={onBreakGlass} /> : <NoteList notes={record.notes} />}
        <Title order={3} size="h5">
          {t('patients.notes.clinical')}
        </Title>
        {record.clinicalNotes === null ? (
          <Withheld onBreakGlass={onBreakGlass} />
        ) : (
          <NoteList notes={record.clinicalNotes} />
        )}
        <form onSubmit={add} noValidate>
          <Stack gap="xs">
            <FormError error={error} title={t('patients.notes.failed')} />
            {mayWriteClinical && (
              <SegmentedControl
                aria-label={t('patients.notes.kind')}
                value={kind}
                onChange={(value) => setKind(value as typeof kind)}
                data={[
                  { value: 'administrative', label: t('patients.notes.administrative') },
                  { value: 'clinical', label: t('patients.notes.clinical') },
                ]}
              />
            )}
            <Textarea
              label={t('patients.notes.add')}
              value={body}
              onChange={(event) => setBody(event.currentTarget.value)}
              error={fieldError(error, 'body.body')}
              minRows={2}
            />
            <Group justify="flex-end">
              <Button type="submit" size="sm" loading={busy} disabled={body.trim() === ''}>
                {t('patients.notes.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Card>
  );
}
