import { DateTime } from 'luxon';
import type { Orm } from '../../db/connection.ts';
import { testCipher } from '../../testing/test-cipher.ts';
import { type ChannelSender, createChannelSender } from '../channels/outbound.ts';
import { locations } from '../organizations/schema.ts';
import { createOutboxSender } from '../outbox/service.ts';
import { addPatient } from '../patients/test-fixtures.ts';
import { type AppointmentRow, bookAppointment, type SchedulingDependencies } from './booking.ts';
import { computeFreeTime } from './free-time.ts';
import {
  appointmentTypes,
  providerAppointmentTypes,
  providerLocations,
  providers,
  scheduleRules,
} from './schema.ts';

/** Helpers for the scheduling tests (not a test file itself). */

export interface SchedulingFixture {
  organizationId: string;
  locationId: string;
  timeZone: string;
  providerId: string;
  patientId: string;
  types: {
    newPatient: typeof appointmentTypes.$inferSelect;
    followUp: typeof appointmentTypes.$inferSelect;
    video: typeof appointmentTypes.$inferSelect;
  };
}

/** Scheduling dependencies for tests: the outbox for every message. */
export function testSchedulingDependencies(channels?: ChannelSender): SchedulingDependencies {
  const cipher = testCipher();
  const sender = createOutboxSender(cipher);
  // Patients' notices (confirmations, reminders) go to the outbox; conversation replies are not expected.
  const outbox = createChannelSender(sender, { sms: { driver: 'outbox' }, email: { driver: 'outbox' } });
  return {
    cipher,
    sender,
    channels:
      channels ??
      ({
        drivers: outbox.drivers,
        sendSystemMessage: outbox.sendSystemMessage,
        sendSystemMessages: outbox.sendSystemMessages,
        async sendSms() {
          throw new Error('SMS is not expected in this test');
        },
        async sendEmail() {
          throw new Error('email is not expected in this test');
        },
        async close() {},
      } satisfies ChannelSender),
    publicUrl: 'http://desk.test',
    scheduling: { videoVisitBaseUrl: 'https://meet.jit.si', freeTimeDays: 60 },
  };
}

/**
 * A location in `timeZone` (New York unless told), a family physician working Monday to Friday
 * 09:00-12:00 and 13:00-17:00 there, three kinds of visit (new patient 30 min with 10 min after,
 * follow-up 15 min, a 20-minute video visit) and a patient; free time computed for 60 days.
 */
export async function createSchedulingFixture(
  orm: Orm,
  organizationId: string,
  options: { timeZone?: string; now?: Date; providerFields?: Partial<typeof providers.$inferInsert> } = {},
): Promise<SchedulingFixture> {
  const timeZone = options.timeZone ?? 'America/New_York';
  const now = options.now ?? new Date();
  const [location] = await orm
    .insert(locations)
    .values({
      organizationId,
      name: 'Main Street Clinic',
      addressLine: '12 Main Street',
      city: 'Springfield',
      region: 'NY',
      postalCode: '10001',
      phone: '+12125550100',
      timeZone,
      latitude: 40.75,
      longitude: -73.99,
    })
    .returning();
  const [provider] = await orm
    .insert(providers)
    .values({
      organizationId,
      givenName: 'Ana',
      familyName: 'Ruiz',
      prefix: 'Dr.',
      credentials: 'MD',
      specialty: 'Family medicine',
      languages: ['en', 'es'],
      acceptedInsurance: ['aetna', 'medicare'],
      offersTelehealth: true,
      ...options.providerFields,
    })
    .returning();
  await orm
    .insert(providerLocations)
    .values({ organizationId, providerId: provider!.id, locationId: location!.id });
  const typeRows = await orm
    .insert(appointmentTypes)
    .values([
      {
        organizationId,
        code: 'new-patient',
        name: 'New patient visit',
        durationMinutes: 30,
        bufferAfterMinutes: 10,
        patientStatus: 'new',
        preparation: 'Bring your insurance card and a list of your medicines.',
        translations: { es: { name: 'Primera consulta', preparation: 'Traiga su tarjeta del seguro.' } },
        intakeQuestions: [
          {
            id: 'medicines',
            text: { en: 'Which medicines do you take?', es: '¿Qué medicinas toma?' },
            required: true,
          },
        ],
      },
      { organizationId, code: 'follow-up', name: 'Follow-up visit', durationMinutes: 15 },
      {
        organizationId,
        code: 'video-visit',
        name: 'Video visit',
        durationMinutes: 20,
        mode: 'telehealth' as const,
      },
    ])
    .returning();
  const byCode = new Map(typeRows.map((row) => [row.code, row]));
  await orm
    .insert(providerAppointmentTypes)
    .values(typeRows.map((row) => ({ organizationId, providerId: provider!.id, appointmentTypeId: row.id })));
  const startsOn = DateTime.fromJSDate(now, { zone: timeZone }).minus({ days: 7 }).toISODate()!;
  await orm.insert(scheduleRules).values([
    {
      organizationId,
      providerId: provider!.id,
      locationId: location!.id,
      recurrence: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
      startsOn,
      startTime: '09:00',
      endTime: '12:00',
    },
    {
      organizationId,
      providerId: provider!.id,
      locationId: location!.id,
      recurrence: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
      startsOn,
      startTime: '13:00',
      endTime: '17:00',
    },
  ]);
  await computeFreeTime(
    orm,
    provider!.id,
    DateTime.fromJSDate(now, { zone: timeZone }).plus({ days: 60 }).toISODate()!,
    now,
  );
  const patient = await addPatient(orm, organizationId, {
    givenName: 'Maria',
    familyName: 'Lopez',
    email: `maria.${Math.random().toString(36).slice(2, 8)}@example.com`,
    phone: '+12125550123',
  });
  return {
    organizationId,
    locationId: location!.id,
    timeZone,
    providerId: provider!.id,
    patientId: patient.id,
    types: {
      newPatient: byCode.get('new-patient')!,
      followUp: byCode.get('follow-up')!,
      video: byCode.get('video-visit')!,
    },
  };
}

/** The next weekday at `hour:minute` local time, at least two days from `now`. */
export function nextWorkdayAt(
  fixture: Pick<SchedulingFixture, 'timeZone'>,
  hour: number,
  minute = 0,
  now = new Date(),
): Date {
  let day = DateTime.fromJSDate(now, { zone: fixture.timeZone }).plus({ days: 2 }).startOf('day');
  while (day.weekday > 5) day = day.plus({ days: 1 });
  return day.set({ hour, minute }).toJSDate();
}

/** Books a follow-up for the fixture's patient (staff rules), straight to booked. */
export async function bookTestAppointment(
  orm: Orm,
  fixture: SchedulingFixture,
  startsAt: Date,
  options: { patientId?: string; typeId?: string; deps?: SchedulingDependencies } = {},
): Promise<AppointmentRow> {
  return bookAppointment(orm, options.deps ?? testSchedulingDependencies(), {
    organizationId: fixture.organizationId,
    patientId: options.patientId ?? fixture.patientId,
    providerId: fixture.providerId,
    locationId: fixture.locationId,
    appointmentTypeId: options.typeId ?? fixture.types.followUp.id,
    startsAt,
    bookedBy: { type: 'staff', id: null },
    rules: 'staff',
  });
}
