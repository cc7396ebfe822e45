import { Alert, Button, Stack, Text } from '@mantine/core';
import type { ApiError, FreeTime, SchedulingDirectory } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../../api/client.ts';
import classes from './booking.module.css';
import { locationIn } from './use-directory.ts';
import { visitDateTime } from './visit-time.ts';

/** Free times as buttons, each in its location's zone; choosing one is the agent's next step. */
export function FreeTimeButtons({
  times,
  directory,
  label,
  disabled,
  onChoose,
  showPlace = false,
}: {
  times: FreeTime[];
  directory: SchedulingDirectory;
  /** Names the list for assistive technology ("Next free times with Dr. Ana Ruiz"). */
  label: string;
  disabled?: boolean;
  onChoose(time: FreeTime): void;
  /** Name the location too (a provider who works at more than one). */
  showPlace?: boolean;
}) {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  return (
    <ul className={classes.times} aria-label={label}>
      {times.map((time) => {
        const location = locationIn(directory, time.locationId);
        const when = visitDateTime(time.startsAt, location?.timeZone ?? 'UTC', language);
        return (
          <li key={`${time.locationId}:${time.startsAt}`}>
            <Button size="compact-sm" variant="default" disabled={disabled} onClick={() => onChoose(time)}>
              {showPlace && location ? `${when} · ${location.name}` : when}
            </Button>
          </li>
        );
      })}
    </ul>
  );
}

/** The next free times the server offered with a lost race (409 `time_taken`), or null for any other error. */
export function nextFreeTimesOf(error: unknown): FreeTime[] | null {
  if (!(error instanceof ApiRequestError) || error.code !== 'time_taken') return null;
  return (error.body as ApiError | undefined)?.error.nextFreeTimes ?? [];
}

/** "That time was just taken": the server's words, and the next free times to choose from at once. */
export function TimeTakenNotice({
  error,
  directory,
  disabled,
  onChoose,
}: {
  error: unknown;
  directory: SchedulingDirectory;
  disabled?: boolean;
  onChoose(time: FreeTime): void;
}) {
  const { t } = useTranslation();
  const next = nextFreeTimesOf(error);
  if (!next || !(error instanceof ApiRequestError)) return null;
  return (
    <Alert color="orange" variant="light" role="alert" title={t('booking.taken.title')}>
      <Stack gap="xs">
        <Text size="sm">{error.message}</Text>
        {next.length > 0 && (
          <FreeTimeButtons
            times={next}
            directory={directory}
            label={t('booking.taken.next')}
            disabled={disabled}
            onChoose={onChoose}
          />
        )}
      </Stack>
    </Alert>
  );
}
