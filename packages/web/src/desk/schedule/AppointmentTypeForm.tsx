import {
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type AppointmentTypeDetail, appointmentModes, patientStatusNames } from '@patientdesk/contracts';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client.ts';
import { FormError } from '../../app/FormError.tsx';
import { fieldError, useFocusFirstInvalid } from '../../ui/field-errors.ts';
import { useSubmission } from '../../ui/use-submission.ts';
import { errorWithin, onlyAbout } from './field-errors.ts';
import { TypeQuestionsFields } from './TypeQuestionsFields.tsx';
import { TypeRemindersFields } from './TypeRemindersFields.tsx';
import { formValuesOf, newTypeValues, type TypeFormValues, typeBodyOf } from './type-form.ts';

const numberFields = [
  'durationMinutes',
  'bufferBeforeMinutes',
  'bufferAfterMinutes',
  'slotStepMinutes',
  'minNoticeMinutes',
  'bookingHorizonDays',
  'cancelCutoffMinutes',
  'rescheduleCutoffMinutes',
] as const;
const fieldPrefixes = [
  'body.code',
  'body.name',
  'body.description',
  ...numberFields.map((name) => `body.${name}`),
  'body.mode',
  'body.patientStatus',
  'body.preparation',
  'body.translations',
  'body.intakeQuestions',
  'body.reminderOffsetsMinutes',
];

/**
 * Every setting of a kind of visit: how long, the buffers and start-time step, in person or
 * video, for whom, the booking window and cut-offs, online or staff only, preparation, the
 * Spanish texts, the questions asked when booking, and when reminders go out.
 */
export function AppointmentTypeForm({
  type,
  mayManage,
  onSaving,
  onSaved,
}: {
  type?: AppointmentTypeDetail;
  mayManage: boolean;
  onSaving(): void;
  onSaved(type: AppointmentTypeDetail, message: string): void;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState<TypeFormValues>(() => (type ? formValuesOf(type) : newTypeValues()));
  const { busy, error, submit } = useSubmission();
  const activation = useSubmission();
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(form, error);
  const readOnly = !mayManage;
  const set = <K extends keyof TypeFormValues>(name: K, value: TypeFormValues[K]) =>
    setValues((current) => ({ ...current, [name]: value }));
  const text = (name: keyof TypeFormValues) => (event: { currentTarget: { value: string } }) =>
    set(name, event.currentTarget.value as never);

  function save(event: FormEvent) {
    event.preventDefault();
    onSaving();
    void submit(async () => {
      const body = typeBodyOf(values);
      const answer = type
        ? await callApi<AppointmentTypeDetail>('PATCH', `/api/scheduling/appointment-types/${type.id}`, body)
        : await callApi<AppointmentTypeDetail>('POST', '/api/scheduling/appointment-types', body);
      onSaved(answer, t(type ? 'schedule.types.saved' : 'schedule.types.created', { name: answer.name }));
    });
  }

  function setActive(active: boolean) {
    if (!type) return;
    onSaving();
    void activation.submit(async () => {
      const answer = await callApi<AppointmentTypeDetail>(
        'PATCH',
        `/api/scheduling/appointment-types/${type.id}`,
        {
          active,
        },
      );
      onSaved(
        answer,
        t(active ? 'schedule.types.activated' : 'schedule.types.deactivated', { name: answer.name }),
      );
    });
  }

  return (
    <form ref={form} onSubmit={save} noValidate>
      <Stack gap="md">
        <FormError
          error={onlyAbout(error, fieldPrefixes) ? undefined : error}
          title={t('schedule.saveFailed')}
        />
        <Card withBorder padding="lg" component="section" aria-labelledby="type-basics">
          <Stack gap="sm">
            <Title order={2} size="h4" id="type-basics">
              {t('schedule.typeForm.basics')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t('schedule.typeForm.name')}
                required
                value={values.name}
                onChange={text('name')}
                readOnly={readOnly}
                error={fieldError(error, 'body.name')}
              />
              <TextInput
                label={t('schedule.typeForm.code')}
                description={t('schedule.typeForm.codeHint')}
                required
                value={values.code}
                onChange={text('code')}
                readOnly={readOnly}
                error={fieldError(error, 'body.code')}
              />
            </SimpleGrid>
            <Textarea
              label={t('schedule.typeForm.description')}
              autosize
              minRows={2}
              value={values.description}
              onChange={text('description')}
              readOnly={readOnly}
              error={fieldError(error, 'body.description')}
            />
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Select
                label={t('schedule.typeForm.mode')}
                data={appointmentModes.map((mode) => ({
                  value: mode,
                  label: t(`schedule.types.modes.${mode}`),
                }))}
                value={values.mode ?? 'in-person'}
                onChange={(value) => value && set('mode', value as TypeFormValues['mode'])}
                allowDeselect={false}
                readOnly={readOnly}
                error={fieldError(error, 'body.mode')}
              />
              <Select
                label={t('schedule.typeForm.patientStatus')}
                data={patientStatusNames.map((status) => ({
                  value: status,
                  label: t(`schedule.typeForm.patientStatuses.${status}`),
                }))}
                value={values.patientStatus ?? 'any'}
                onChange={(value) => value && set('patientStatus', value as TypeFormValues['patientStatus'])}
                allowDeselect={false}
                readOnly={readOnly}
                error={fieldError(error, 'body.patientStatus')}
              />
              <Switch
                mt="xl"
                label={t('schedule.typeForm.bookableOnline')}
                checked={values.bookableOnline ?? true}
                onChange={(event) => set('bookableOnline', event.currentTarget.checked)}
                disabled={readOnly}
              />
            </SimpleGrid>
          </Stack>
        </Card>

        <Card withBorder padding="lg" component="section" aria-labelledby="type-times">
          <Stack gap="sm">
            <Title order={2} size="h4" id="type-times">
              {t('schedule.typeForm.times')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
              {numberFields.map((name) => (
                <NumberInput
                  key={name}
                  label={t(`schedule.typeForm.${name}`)}
                  description={t(`schedule.typeForm.${name}Hint`)}
                  value={values[name] ?? ''}
                  onChange={(value) => set(name, (typeof value === 'number' ? value : Number.NaN) as never)}
                  allowDecimal={false}
                  min={0}
                  readOnly={readOnly}
                  error={fieldError(error, `body.${name}`)}
                />
              ))}
            </SimpleGrid>
          </Stack>
        </Card>

        <Card withBorder padding="lg" component="section" aria-labelledby="type-texts">
          <Stack gap="sm">
            <Title order={2} size="h4" id="type-texts">
              {t('schedule.typeForm.texts')}
            </Title>
            <Textarea
              label={t('schedule.typeForm.preparation')}
              description={t('schedule.typeForm.preparationHint')}
              autosize
              minRows={2}
              value={values.preparation}
              onChange={text('preparation')}
              readOnly={readOnly}
              error={fieldError(error, 'body.preparation')}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t('schedule.typeForm.spanishName')}
                lang="es"
                value={values.spanishName}
                onChange={text('spanishName')}
                readOnly={readOnly}
                error={errorWithin(error, 'body.translations.es.name')}
              />
              <Textarea
                label={t('schedule.typeForm.spanishDescription')}
                lang="es"
                autosize
                value={values.spanishDescription}
                onChange={text('spanishDescription')}
                readOnly={readOnly}
                error={errorWithin(error, 'body.translations.es.description')}
              />
            </SimpleGrid>
            <Textarea
              label={t('schedule.typeForm.spanishPreparation')}
              lang="es"
              autosize
              value={values.spanishPreparation}
              onChange={text('spanishPreparation')}
              readOnly={readOnly}
              error={errorWithin(error, 'body.translations.es.preparation')}
            />
          </Stack>
        </Card>

        <TypeQuestionsFields
          questions={values.questions}
          onChange={(questions) => set('questions', questions)}
          error={error}
          mayManage={mayManage}
        />
        <TypeRemindersFields
          reminders={values.reminders}
          onChange={(reminders) => set('reminders', reminders)}
          error={error}
          mayManage={mayManage}
        />

        {mayManage && (
          <Group justify="space-between">
            <Button type="submit" loading={busy}>
              {t(type ? 'schedule.typeForm.save' : 'schedule.typeForm.create')}
            </Button>
            {type && (
              <Button
                variant="default"
                color={type.active ? 'red.9' : undefined}
                loading={activation.busy}
                onClick={() => setActive(!type.active)}
              >
                {t(type.active ? 'schedule.typeForm.deactivate' : 'schedule.typeForm.activate')}
              </Button>
            )}
          </Group>
        )}
        <FormError error={activation.error} title={t('schedule.saveFailed')} />
      </Stack>
    </form>
  );
}
