import { Alert, Button, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import type {
  ProviderUnavailability,
  ProviderUnavailabilityPreview,
  ProviderUnavailabilityRequest,
  SchedulingDirectory,
} from '@patientdesk/contracts';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../../api/client.ts';
import { FormError } from '../../../app/FormError.tsx';
import { zoneName } from '../../../portal/appointments/visit-time.ts';
import { fieldError, formLevelError, useFocusFirstInvalid } from '../../../ui/field-errors.ts';
import { useSubmission } from '../../../ui/use-submission.ts';
import { AffectedTable } from './AffectedTable.tsx';

const allLocations = '';
const fields = ['body.startsAt', 'body.endsAt', 'body.reason', 'body.locationId'];

/**
 * Marking a provider's time off in two steps: first the appointments it would cancel, then the
 * marking itself (which cancels them and tells the patients). Times are typed on the clock of
 * the chosen location, or of the clinic; the server reads them in that zone.
 */
export function TimeOffForm({
  directory,
  providerId,
  onMarked,
}: {
  directory: SchedulingDirectory;
  providerId: string;
  onMarked(marked: ProviderUnavailability): void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  const form = useRef<HTMLFormElement>(null);
  const provider = directory.providers.find((candidate) => candidate.id === providerId);
  const places = directory.locations.filter((location) => provider?.locationIds.includes(location.id));
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [locationId, setLocationId] = useState(allLocations);
  const [reason, setReason] = useState('');
  const [preview, setPreview] = useState<{ for: string; result: ProviderUnavailabilityPreview }>();
  const previewing = useSubmission();
  const marking = useSubmission();
  const asked = JSON.stringify([startsAt, endsAt, locationId]);
  const shown = preview?.for === asked ? preview.result : undefined;
  const zone = places.find((place) => place.id === locationId)?.timeZone ?? directory.organization.timeZone;
  const lastError = marking.error ?? previewing.error;
  useFocusFirstInvalid(form, lastError);

  async function showAffected(event: FormEvent) {
    event.preventDefault();
    await previewing.submit(async () => {
      const query = new URLSearchParams({ startsAt, endsAt, ...(locationId ? { locationId } : {}) });
      try {
        const result = await callApi<ProviderUnavailabilityPreview>(
          'GET',
          `/api/providers/${providerId}/unavailability/preview?${query}`,
        );
        setPreview({ for: asked, result });
      } catch (error) {
        setPreview(undefined);
        throw error;
      }
    });
  }

  async function mark() {
    await marking.submit(async () => {
      const request: ProviderUnavailabilityRequest = {
        startsAt,
        endsAt,
        reason,
        ...(locationId ? { locationId } : {}),
      };
      onMarked(
        await callApi<ProviderUnavailability>('POST', `/api/providers/${providerId}/unavailability`, request),
      );
    });
  }

  // The preview answers with query.* fields, the marking with body.*: both sit under the same inputs.
  const error = (field: string) =>
    fieldError(marking.error, field) ??
    (previewing.error ? fieldError(previewing.error, field.replace(/^body\./, 'query.')) : undefined);
  const formError = marking.error
    ? formLevelError(marking.error, fields)
    : formLevelError(
        previewing.error,
        fields.map((field) => field.replace(/^body\./, 'query.')),
      );
  const count = shown?.affected.length ?? 0;
  return (
    <form ref={form} onSubmit={showAffected} noValidate aria-labelledby="time-off-form-heading">
      <Stack>
        <Title order={2} size="h3" id="time-off-form-heading">
          {t('disruptions.form.heading')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            type="datetime-local"
            label={t('disruptions.form.from')}
            description={t('disruptions.form.clock', { zone: zoneName(language, zone) })}
            value={startsAt}
            onChange={(event) => setStartsAt(event.currentTarget.value)}
            error={error('body.startsAt')}
            required
          />
          <TextInput
            type="datetime-local"
            label={t('disruptions.form.until')}
            description={t('disruptions.form.clock', { zone: zoneName(language, zone) })}
            value={endsAt}
            onChange={(event) => setEndsAt(event.currentTarget.value)}
            error={error('body.endsAt')}
            required
          />
          <NativeSelect
            label={t('disruptions.form.location')}
            data={[
              { value: allLocations, label: t('disruptions.form.allLocations') },
              ...places.map((place) => ({ value: place.id, label: place.name })),
            ]}
            value={locationId}
            onChange={(event) => setLocationId(event.currentTarget.value)}
            error={error('body.locationId')}
          />
          <TextInput
            label={t('disruptions.form.reason')}
            description={t('disruptions.form.reasonHint')}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={fieldError(marking.error, 'body.reason')}
            maxLength={500}
            required
          />
        </SimpleGrid>
        <FormError
          error={formError}
          title={marking.error ? t('disruptions.form.failed') : t('disruptions.form.previewFailed')}
        />
        <Group>
          <Button type="submit" variant={shown ? 'default' : 'filled'} loading={previewing.busy}>
            {t('disruptions.form.preview')}
          </Button>
        </Group>
        {preview && !shown && (
          <Alert color="yellow" variant="light" role="status">
            {t('disruptions.form.changed')}
          </Alert>
        )}
        {shown && (
          <Stack gap="sm" component="section" aria-labelledby="time-off-preview-heading">
            <Title order={3} size="h4" id="time-off-preview-heading">
              {t('disruptions.form.previewHeading')}
            </Title>
            {count === 0 ? (
              <Text>{t('disruptions.form.noneAffected')}</Text>
            ) : (
              <AffectedTable
                affected={shown.affected}
                caption={t('disruptions.form.previewHeading')}
                tracking={false}
              />
            )}
            <Group>
              <Button color="red.9" onClick={mark} loading={marking.busy}>
                {count === 0 ? t('disruptions.form.confirmNone') : t('disruptions.form.confirm', { count })}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </form>
  );
}
