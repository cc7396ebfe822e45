import { useTranslation } from 'react-i18next';
import { visitDateTime } from './visit-time.ts';

/** The timeline entries a booking adds to the conversation it was made from. */
export const bookingTimelineKinds = [
  'appointment-booked',
  'appointment-rescheduled',
  'appointment-cancelled',
] as const;

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * Says what a booking entry of the timeline means, in the interface's language: "Booked Follow-up
 * visit with Dr. Ana Ruiz, MD on Tue, Mar 10, 10:00 AM EDT". Times are the location's.
 */
export function useBookingTimelineText(): (kind: string, details: Record<string, unknown>) => string {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  return (kind, details) => {
    const zone = text(details.timeZone) || 'UTC';
    const when = (value: unknown) => (text(value) ? visitDateTime(text(value), zone, language) : '');
    const values = {
      type: text(details.appointmentType),
      provider: text(details.provider),
      when: when(details.startsAt),
    };
    switch (kind) {
      case 'appointment-rescheduled':
        return t('booking.timeline.rescheduled', { ...values, from: when(details.previousStartsAt) });
      case 'appointment-cancelled': {
        const by = text(details.cancelledBy);
        return t('booking.timeline.cancelled', {
          ...values,
          by: t(`booking.cancelledBy.${by}`, { defaultValue: '' }),
        }).trim();
      }
      default:
        return t('booking.timeline.booked', values);
    }
  };
}
