import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../main.ts';
import {
  createTestClinic,
  createTestStaff,
  type SignedInHeaders,
  signInHeaders,
} from '../../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../../testing/test-database.ts';
import { startTestServer } from '../../../testing/test-server.ts';
import { locations } from '../../organizations/schema.ts';
import { auditEventsOf } from '../../patients/test-fixtures.ts';
import { createSchedulingFixture, type SchedulingFixture } from '../test-fixtures.ts';

/**
 * Schedule management over HTTP: appointment types, providers' profiles and the scheduling
 * settings. Bad input is refused by field and changes nothing; agents read but cannot change;
 * another clinic's provider is not found.
 */
describe('schedule management API', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let fixture: SchedulingFixture;
  let otherFixture: SchedulingFixture;
  let scheduler: SignedInHeaders;
  let agent: SignedInHeaders;
  let otherClinicScheduler: SignedInHeaders;

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database);
    const orm = test.database.orm;
    const clinic = await createTestClinic(orm);
    const otherClinic = await createTestClinic(orm, 'Hillside Clinic');
    fixture = await createSchedulingFixture(orm, clinic.id);
    otherFixture = await createSchedulingFixture(orm, otherClinic.id);
    scheduler = await signInHeaders(server.app, (await createTestStaff(orm, clinic.id, 'scheduler')).email);
    agent = await signInHeaders(server.app, (await createTestStaff(orm, clinic.id, 'agent')).email);
    otherClinicScheduler = await signInHeaders(
      server.app,
      (await createTestStaff(orm, otherClinic.id, 'scheduler')).email,
    );
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  const app = (): FastifyInstance => server.app;
  const call = (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    url: string,
    headers: SignedInHeaders,
    payload?: object,
  ) => app().inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const fields = (body: string) =>
    (JSON.parse(body) as { error: { details: { field: string; message: string }[] } }).error.details.map(
      (detail) => detail.field,
    );

  describe('appointment types', () => {
    it('adds a kind of visit with all its settings, and lists it with the others', async () => {
      const created = await call('POST', '/api/scheduling/appointment-types', scheduler, {
        code: 'physical-exam',
        name: 'Annual physical',
        description: 'A yearly check of your health.',
        durationMinutes: 45,
        bufferBeforeMinutes: 5,
        bufferAfterMinutes: 10,
        slotStepMinutes: 30,
        mode: 'in-person',
        patientStatus: 'established',
        minNoticeMinutes: 1440,
        bookingHorizonDays: 120,
        cancelCutoffMinutes: 2880,
        rescheduleCutoffMinutes: 1440,
        bookableOnline: false,
        preparation: 'Do not eat for 8 hours before.',
        translations: { es: { name: 'Examen anual', preparation: 'No coma durante 8 horas antes.' } },
        intakeQuestions: [
          { id: 'allergies', text: { en: 'Any allergies?', es: '¿Tiene alergias?' }, required: true },
        ],
        reminderOffsetsMinutes: [10080, 120],
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({
        code: 'physical-exam',
        durationMinutes: 45,
        slotStepMinutes: 30,
        patientStatus: 'established',
        bookableOnline: false,
        translations: { es: { name: 'Examen anual' } },
        intakeQuestions: [{ id: 'allergies', text: { es: '¿Tiene alergias?' }, required: true }],
        reminderOffsetsMinutes: [10080, 120],
        active: true,
        providerCount: 0,
      });

      const [event] = await auditEventsOf(
        test.database.orm,
        fixture.organizationId,
        'appointment-type.create',
      );
      expect(event).toMatchObject({ resourceId: (created.json() as { id: string }).id, outcome: 'allowed' });

      const list = await call('GET', '/api/scheduling/appointment-types', agent);
      expect(list.statusCode).toBe(200);
      const codes = (list.json() as { items: { code: string; providerCount: number }[] }).items;
      expect(codes.map((type) => type.code).sort()).toEqual([
        'follow-up',
        'new-patient',
        'physical-exam',
        'video-visit',
      ]);
      expect(codes.find((type) => type.code === 'follow-up')?.providerCount).toBe(1);
    });

    it('refuses reminder offsets that repeat or are not before the visit, naming each one', async () => {
      const response = await call('POST', '/api/scheduling/appointment-types', scheduler, {
        code: 'quick-check',
        name: 'Quick check',
        durationMinutes: 10,
        reminderOffsetsMinutes: [120, 0, 120],
      });
      expect(response.statusCode).toBe(400);
      expect(fields(response.body)).toEqual([
        'body.reminderOffsetsMinutes.1',
        'body.reminderOffsetsMinutes.2',
      ]);
      const list = await call('GET', '/api/scheduling/appointment-types', scheduler);
      expect(list.body).not.toContain('quick-check');
    });

    it('refuses a code another type of the clinic has with 409, but another clinic may use it', async () => {
      const taken = await call('POST', '/api/scheduling/appointment-types', scheduler, {
        code: 'follow-up',
        name: 'Second follow-up',
        durationMinutes: 20,
      });
      expect(taken.statusCode).toBe(409);
      expect(fields(taken.body)).toEqual(['body.code']);

      const elsewhere = await call('POST', '/api/scheduling/appointment-types', otherClinicScheduler, {
        code: 'physical-exam',
        name: 'Physical',
        durationMinutes: 30,
      });
      expect(elsewhere.statusCode).toBe(201);

      const renamed = await call(
        'PATCH',
        `/api/scheduling/appointment-types/${fixture.types.video.id}`,
        scheduler,
        { code: 'new-patient' },
      );
      expect(renamed.statusCode).toBe(409);
    });

    it('changes a type, and a deactivated one is no longer offered in the directory', async () => {
      const changed = await call(
        'PATCH',
        `/api/scheduling/appointment-types/${fixture.types.video.id}`,
        scheduler,
        {
          durationMinutes: 25,
          intakeQuestions: [{ id: 'device', text: { en: 'Phone or computer?' }, required: false }],
        },
      );
      expect(changed.statusCode).toBe(200);
      expect(changed.json()).toMatchObject({ durationMinutes: 25, name: 'Video visit', mode: 'telehealth' });

      const deactivated = await call(
        'PATCH',
        `/api/scheduling/appointment-types/${fixture.types.video.id}`,
        scheduler,
        { active: false },
      );
      expect(deactivated.json()).toMatchObject({ active: false });
      const directory = await call('GET', '/api/scheduling/directory', scheduler);
      const offered = (directory.json() as { appointmentTypes: { code: string }[] }).appointmentTypes;
      expect(offered.map((type) => type.code)).not.toContain('video-visit');

      const backOn = await call(
        'PATCH',
        `/api/scheduling/appointment-types/${fixture.types.video.id}`,
        scheduler,
        { active: true },
      );
      expect(backOn.json()).toMatchObject({ active: true });
    });

    it('lets an agent read the types but not change them', async () => {
      const refused = await call(
        'PATCH',
        `/api/scheduling/appointment-types/${fixture.types.followUp.id}`,
        agent,
        {
          durationMinutes: 60,
        },
      );
      expect(refused.statusCode).toBe(403);
      const list = await call('GET', '/api/scheduling/appointment-types', agent);
      const followUp = (list.json() as { items: { code: string; durationMinutes: number }[] }).items.find(
        (type) => type.code === 'follow-up',
      );
      expect(followUp?.durationMinutes).toBe(15);
    });

    it("does not find another clinic's appointment type", async () => {
      const response = await call(
        'PATCH',
        `/api/scheduling/appointment-types/${otherFixture.types.followUp.id}`,
        scheduler,
        { durationMinutes: 60 },
      );
      expect(response.statusCode).toBe(404);
    });
  });

  describe("providers' profiles", () => {
    it('keeps insurance names as payer keys and shows them by name', async () => {
      const response = await call('PATCH', `/api/scheduling/providers/${fixture.providerId}`, scheduler, {
        acceptedInsurance: ['Blue Cross', 'UnitedHealthcare', 'aetna', 'BCBS'],
        languages: ['en', 'ES', 'vi'],
        offersTelehealth: false,
        acceptingNewPatients: false,
        bio: 'Family doctor for twenty years.',
        photoUrl: 'https://photos.example.org/ruiz.jpg',
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        acceptedInsurance: [
          { key: 'blue-cross-blue-shield', name: 'Blue Cross Blue Shield' },
          { key: 'unitedhealthcare', name: 'UnitedHealthcare' },
          { key: 'aetna', name: 'Aetna' },
        ],
        languages: ['en', 'es', 'vi'],
        offersTelehealth: false,
        acceptingNewPatients: false,
        photoUrl: 'https://photos.example.org/ruiz.jpg',
      });
      const search = await call('GET', '/api/providers/search?insurance=BCBS&language=vi', scheduler);
      expect(
        (search.json() as { items: { provider: { id: string } }[] }).items.map((hit) => hit.provider.id),
      ).toEqual([fixture.providerId]);
    });

    it('refuses a photo that is not https and a language that is not a code, by field', async () => {
      const response = await call('PATCH', `/api/scheduling/providers/${fixture.providerId}`, scheduler, {
        photoUrl: 'http://photos.example.org/ruiz.jpg',
      });
      expect(response.statusCode).toBe(400);
      expect(fields(response.body)).toEqual(['body.photoUrl']);
      const unknown = await call('PATCH', `/api/scheduling/providers/${fixture.providerId}`, scheduler, {
        languages: ['en', 'zz'],
      });
      expect(unknown.statusCode).toBe(400);
      expect(fields(unknown.body)).toEqual(['body.languages.1']);
      const profile = await call('GET', `/api/scheduling/providers/${fixture.providerId}`, scheduler);
      expect(profile.json()).toMatchObject({ photoUrl: 'https://photos.example.org/ruiz.jpg' });
    });

    it('sets the kinds of visit offered, refusing another clinic’s', async () => {
      const foreign = await call('PATCH', `/api/scheduling/providers/${fixture.providerId}`, scheduler, {
        appointmentTypeIds: [fixture.types.followUp.id, otherFixture.types.followUp.id],
      });
      expect(foreign.statusCode).toBe(400);
      expect(fields(foreign.body)).toEqual(['body.appointmentTypeIds.1']);

      const fewer = await call('PATCH', `/api/scheduling/providers/${fixture.providerId}`, scheduler, {
        appointmentTypeIds: [fixture.types.followUp.id, fixture.types.newPatient.id],
      });
      expect(fewer.statusCode).toBe(200);
      expect((fewer.json() as { appointmentTypeIds: string[] }).appointmentTypeIds.sort()).toEqual(
        [fixture.types.followUp.id, fixture.types.newPatient.id].sort(),
      );
      const calendar = await call(
        'GET',
        `/api/providers/${fixture.providerId}/calendar?appointmentType=video-visit`,
        scheduler,
      );
      expect(calendar.statusCode).toBe(400);
    });

    it('links a second location, and unlinking it takes its free time away', async () => {
      const orm = test.database.orm;
      const [branch] = await orm
        .insert(locations)
        .values({
          organizationId: fixture.organizationId,
          name: 'Riverside Branch',
          timeZone: 'America/Chicago',
        })
        .returning();
      const linked = await call('PATCH', `/api/scheduling/providers/${fixture.providerId}`, scheduler, {
        locations: [{ locationId: branch!.id, active: true }],
      });
      expect(linked.statusCode).toBe(200);
      const places = (
        linked.json() as { locations: { locationId: string; linked: boolean; active: boolean }[] }
      ).locations;
      expect(places.find((place) => place.locationId === branch!.id)).toMatchObject({
        linked: true,
        active: true,
      });
      expect(places.find((place) => place.locationId === fixture.locationId)).toMatchObject({ active: true });

      const unlinked = await call('PATCH', `/api/scheduling/providers/${fixture.providerId}`, scheduler, {
        locations: [{ locationId: fixture.locationId, active: false }],
      });
      expect(unlinked.statusCode).toBe(200);
      const calendar = await call(
        'GET',
        `/api/providers/${fixture.providerId}/calendar?appointmentType=follow-up&days=14`,
        scheduler,
      );
      const times = (calendar.json() as { days: { times: unknown[] }[] }).days.flatMap((day) => day.times);
      expect(times).toEqual([]);

      const relinked = await call('PATCH', `/api/scheduling/providers/${fixture.providerId}`, scheduler, {
        locations: [{ locationId: fixture.locationId, active: true }],
      });
      expect(relinked.statusCode).toBe(200);
      const again = await call(
        'GET',
        `/api/providers/${fixture.providerId}/calendar?appointmentType=follow-up&days=14`,
        scheduler,
      );
      expect(
        (again.json() as { days: { times: unknown[] }[] }).days.flatMap((day) => day.times).length,
      ).toBeGreaterThan(0);
    });

    it("answers 404 for another clinic's provider, to reads and changes alike", async () => {
      for (const [method, url] of [
        ['GET', `/api/scheduling/providers/${otherFixture.providerId}`],
        ['PATCH', `/api/scheduling/providers/${otherFixture.providerId}`],
        ['GET', `/api/providers/${otherFixture.providerId}/week`],
        ['POST', `/api/scheduling/providers/${otherFixture.providerId}/rules`],
      ] as const) {
        const payload =
          method === 'POST'
            ? {
                locationId: otherFixture.locationId,
                recurrence: 'FREQ=WEEKLY;BYDAY=SA',
                startsOn: '2026-01-03',
                startTime: '09:00',
                endTime: '12:00',
              }
            : method === 'PATCH'
              ? { bio: 'changed' }
              : undefined;
        const response = await call(method, url, scheduler, payload);
        expect(`${method} ${url} ${response.statusCode}`).toBe(`${method} ${url} 404`);
      }
    });

    it('lets an agent read a profile but not change it', async () => {
      expect((await call('GET', `/api/scheduling/providers/${fixture.providerId}`, agent)).statusCode).toBe(
        200,
      );
      const refused = await call('PATCH', `/api/scheduling/providers/${fixture.providerId}`, agent, {
        bio: 'x',
      });
      expect(refused.statusCode).toBe(403);
    });
  });

  describe('scheduling settings', () => {
    it('starts from the defaults and keeps what a scheduler saves', async () => {
      const defaults = await call('GET', '/api/scheduling/settings', agent);
      expect(defaults.json()).toEqual({
        holdMinutes: 5,
        noShowGraceMinutes: 15,
        quietHoursStart: '21:00',
        quietHoursEnd: '08:00',
        waitlistOfferMinutes: 60,
        waitlistOffersAtOnce: 3,
      });
      const saved = await call('PUT', '/api/scheduling/settings', scheduler, {
        holdMinutes: 8,
        noShowGraceMinutes: 20,
        quietHoursStart: '20:30',
        quietHoursEnd: '07:30',
        waitlistOfferMinutes: 90,
        waitlistOffersAtOnce: 2,
      });
      expect(saved.statusCode).toBe(200);
      const read = await call('GET', '/api/scheduling/settings', agent);
      expect(read.json()).toMatchObject({
        holdMinutes: 8,
        quietHoursStart: '20:30',
        waitlistOffersAtOnce: 2,
      });
      const elsewhere = await call('GET', '/api/scheduling/settings', otherClinicScheduler);
      expect(elsewhere.json()).toMatchObject({ holdMinutes: 5 });
    });

    it('refuses hold minutes out of range and quiet hours that start and end together, changing nothing', async () => {
      const response = await call('PUT', '/api/scheduling/settings', scheduler, {
        holdMinutes: 0,
        noShowGraceMinutes: 20,
        quietHoursStart: '22:00',
        quietHoursEnd: '22:00',
        waitlistOfferMinutes: 90,
        waitlistOffersAtOnce: 2,
      });
      expect(response.statusCode).toBe(400);
      expect(fields(response.body).sort()).toEqual(['body.holdMinutes', 'body.quietHoursEnd']);
      const agentTry = await call('PUT', '/api/scheduling/settings', agent, {
        holdMinutes: 10,
        noShowGraceMinutes: 20,
        quietHoursStart: '22:00',
        quietHoursEnd: '07:00',
        waitlistOfferMinutes: 90,
        waitlistOffersAtOnce: 2,
      });
      expect(agentTry.statusCode).toBe(403);
      const read = await call('GET', '/api/scheduling/settings', scheduler);
      expect(read.json()).toMatchObject({ holdMinutes: 8, quietHoursStart: '20:30' });
    });
  });
});
