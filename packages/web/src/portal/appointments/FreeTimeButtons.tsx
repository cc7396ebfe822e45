import { Button } from '@mantine/core';
import type { FreeTime } from '@patientdesk/contracts';
import classes from './appointments.module.css';
import { useVisitTime } from './visit-time.ts';

interface FreeTimeButtonsProps {
  times: FreeTime[];
  /** The zone of each time's location. */
  zoneOf(time: FreeTime): string;
  /** Under a day's heading the day goes without saying: only the hour shows (its name still says all). */
  clockOnly?: boolean;
  /** Said after the time in the button's name, e.g. the location when the provider has several. */
  placeOf?(time: FreeTime): string | undefined;
  onPick(time: FreeTime): void;
  /** The time being held right now (its button shows it is busy). */
  picking?: FreeTime | undefined;
  disabled?: boolean;
}

/** Free times as buttons: choosing one holds it. */
export function FreeTimeButtons({
  times,
  zoneOf,
  clockOnly,
  placeOf,
  onPick,
  picking,
  disabled,
}: FreeTimeButtonsProps) {
  const time = useVisitTime();
  return (
    <ul className={classes.times}>
      {times.map((free) => {
        const zone = zoneOf(free);
        const place = placeOf?.(free);
        const full = [time.when(free.startsAt, zone), place].filter(Boolean).join(' · ');
        return (
          <li key={`${free.startsAt}|${free.locationId}`}>
            <Button
              variant="outline"
              size="sm"
              onClick={() => onPick(free)}
              loading={picking?.startsAt === free.startsAt && picking.providerId === free.providerId}
              disabled={disabled}
              aria-label={full}
            >
              {clockOnly ? time.clock(free.startsAt, zone) : time.dayAndClock(free.startsAt, zone)}
            </Button>
          </li>
        );
      })}
    </ul>
  );
}
