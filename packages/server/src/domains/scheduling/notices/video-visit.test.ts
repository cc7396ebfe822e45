import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../main.ts';
import { createTestClinic } from '../../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../../testing/test-database.ts';
import { startTestServer, testConfig } from '../../../testing/test-server.ts';
import type { Organization } from '../../organizations/service.ts';
import { addPatient } from '../../patients/test-fixtures.ts';
import { bookAppointment } from '../booking.ts';
import { appointments, providers } from '../schema.ts';
import {
  createSchedulingFixture,
  nextWorkdayAt,
  type SchedulingFixture,
  testSchedulingDependencies,
} from '../test-fixtures.ts';
import { videoRoomName, videoVisitClosesMinutesAfter, videoVisitOpensMinutesBefore } from './video-visit.ts';

/**
 * The page behind a video-visit link: the room only near the visit's time, a page saying when
 * before, that it ended after, that it was cancelled, and 404 for a link that is not one; in the
 * patient's language, with nothing on it but the time and the clinic's name.
 */

const minute = 60_000;

describe('the video-visit page', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let clinic: Organization;
  let fixture: SchedulingFixture;
  let visits = 0;

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database, {
      config: testConfig({ PATIENTDESK_VIDEO_VISIT_URL: 'https://video.harbor.example/rooms/' }),
    });
    clinic = await createTestClinic(test.database.orm, 'Harbor Family Practice');
    fixture = await createSchedulingFixture(test.database.orm, clinic.id);
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  /** A 20-minute video visit starting `startsIn` from now (written directly: any time of day), with its link's token. */
  async function videoVisit(
    startsInMinutes: number,
    options: { status?: 'booked' | 'cancelled'; language?: string } = {},
  ) {
    const patient = await addPatient(test.database.orm, clinic.id, {
      givenName: 'Iris',
      familyName: `Moreno${++visits}`,
      preferredLanguage: options.language ?? 'en',
    });
    const startsAt = new Date(Math.round((Date.now() + startsInMinutes * minute) / minute) * minute);
    // Each with a provider of its own, so the visits' times never overlap.
    const [provider] = await test.database.orm
      .insert(providers)
      .values({
        organizationId: clinic.id,
        givenName: 'Jo',
        familyName: `Video${visits}`,
        offersTelehealth: true,
      })
      .returning();
    const token = randomBytes(24).toString('base64url');
    const endsAt = new Date(startsAt.getTime() + 20 * minute);
    await test.database.orm.insert(appointments).values({
      organizationId: clinic.id,
      patientId: patient.id,
      providerId: provider!.id,
      locationId: fixture.locationId,
      appointmentTypeId: fixture.types.video.id,
      status: options.status ?? 'booked',
      mode: 'telehealth',
      startsAt,
      endsAt,
      blocked: `[${startsAt.toISOString()},${endsAt.toISOString()})`,
      videoVisitToken: token,
      bookedByType: 'staff',
      bookedAt: new Date(),
      ...(options.status === 'cancelled'
        ? { cancelledAt: new Date(), cancellationReason: 'clinic' as const }
        : {}),
    });
    return { token, startsAt };
  }

  const open = (token: string) =>
    server.app.inject({ method: 'GET', url: `/visit/${token}`, headers: { accept: 'text/html' } });

  it('says when the room opens, before it does, in the patient’s language and without a script', async () => {
    const { token } = await videoVisit(3 * 60, { language: 'es' });
    const page = await open(token);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.body).toContain('<html lang="es">');
    expect(page.body).toContain('Su consulta por video con Harbor Family Practice es el ');
    expect(page.body).toContain(`${videoVisitOpensMinutesBefore} minutos antes de que empiece`);
    expect(page.body).not.toContain('<script');
    expect(page.body).not.toContain('Iris');
  });

  it('sends the patient to the room from shortly before the start, the room named by a keyed hash of the link', async () => {
    for (const startsIn of [videoVisitOpensMinutesBefore - 1, -10, -20 - videoVisitClosesMinutesAfter + 2]) {
      const { token } = await videoVisit(startsIn);
      const response = await open(token);
      expect(response.statusCode).toBe(302);
      const room = videoRoomName(server.cipher, token);
      expect(response.headers.location).toBe(`https://video.harbor.example/rooms/${room}`);
      // The room cannot be found from the link, nor the link from the room.
      expect(room).not.toContain(token);
      expect(room).toMatch(/^pd-[0-9a-f]{40}$/);
    }
  });

  it('says the visit has ended after it, and that a cancelled one was cancelled', async () => {
    const ended = await videoVisit(-(20 + videoVisitClosesMinutesAfter + 5));
    const endedPage = await open(ended.token);
    expect(endedPage.statusCode).toBe(200);
    expect(endedPage.body).toContain('Your video visit with Harbor Family Practice on ');
    expect(endedPage.body).toContain(' has ended.');

    const cancelled = await videoVisit(10, { status: 'cancelled' });
    const cancelledPage = await open(cancelled.token);
    expect(cancelledPage.statusCode).toBe(200);
    expect(cancelledPage.body).toContain('was cancelled.');
    expect(cancelledPage.headers.location).toBeUndefined();
  });

  it('answers 404 in both languages for a link that is not a visit’s', async () => {
    const response = await open('not-a-real-token');
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('This video visit link is not valid.');
    expect(response.body).toContain('Este enlace de consulta por video no es válido.');
  });

  it('gives a booked telehealth visit its own link, which the appointment shows', async () => {
    const startsAt = nextWorkdayAt(fixture, 15, 0);
    const booked = await bookAppointment(test.database.orm, testSchedulingDependencies(), {
      organizationId: clinic.id,
      patientId: fixture.patientId,
      providerId: fixture.providerId,
      locationId: fixture.locationId,
      appointmentTypeId: fixture.types.video.id,
      startsAt,
      bookedBy: { type: 'staff', id: null },
      rules: 'staff',
    });
    expect(booked.videoVisitToken).toMatch(/^[\w-]{32}$/);
    const page = await open(booked.videoVisitToken!);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('This page opens the visit from ');
  });
});
