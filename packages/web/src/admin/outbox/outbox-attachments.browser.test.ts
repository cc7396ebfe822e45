import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { channelEndpoints } from '../../../../server/src/domains/conversations/schema.ts';
import { addPatient } from '../../../../server/src/domains/patients/test-fixtures.ts';
import { bookAppointment } from '../../../../server/src/domains/scheduling/booking.ts';
import {
  createSchedulingFixture,
  nextWorkdayAt,
  testSchedulingDependencies,
} from '../../../../server/src/domains/scheduling/test-fixtures.ts';
import { createTestClinic, createTestStaff, testPassword } from '../../../../server/src/testing/clinic.ts';
import { type BrowserSession, expectAccessible, startBrowserSession } from '../../testing/browser-session.ts';

/**
 * An appointment confirmation in the outbox, in a real browser: the administrator sees what it
 * is, and downloads the calendar file that went with it, exactly as the patient would receive it.
 */
describe('attachments in the outbox', () => {
  let session: BrowserSession;

  beforeAll(async () => {
    session = await startBrowserSession();
  });
  afterAll(() => session?.close());
  afterEach(async () => {
    await session.closePage();
    expect(session.problems()).toEqual([]);
  });

  it("lists a confirmation's calendar file and downloads it", async () => {
    const orm = session.server.database.orm;
    const clinic = await createTestClinic(orm, 'Birch Hill Clinic');
    await orm
      .insert(channelEndpoints)
      .values({ organizationId: clinic.id, channel: 'email', address: 'desk@birchhill.example' });
    const admin = await createTestStaff(orm, clinic.id, 'admin');
    const fixture = await createSchedulingFixture(orm, clinic.id);
    const patient = await addPatient(orm, clinic.id, {
      givenName: 'June',
      familyName: 'Park',
      email: 'june.park@example.com',
      preferredChannel: 'email',
    });
    const visit = await bookAppointment(orm, testSchedulingDependencies(), {
      organizationId: clinic.id,
      patientId: patient.id,
      providerId: fixture.providerId,
      locationId: fixture.locationId,
      appointmentTypeId: fixture.types.followUp.id,
      startsAt: nextWorkdayAt(fixture, 10),
      bookedBy: { type: 'staff', id: null },
      rules: 'staff',
    });

    const page = await session.open('/admin/outbox');
    await page.getByLabel('Work email').fill(admin.email);
    await page.getByLabel(/^Password/).fill(testPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Outbox', level: 1 }).waitFor();

    const confirmation = page.getByRole('article', { name: /^Your appointment on .+ is booked$/ });
    await confirmation.getByText('To june.park@example.com').waitFor();
    await confirmation.getByText('Appointment confirmation').waitFor();
    const link = confirmation.getByRole('link', { name: /^Download appointment\.ics \(\d+(\.\d)? kB\)$/ });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('appointment.ics');
    const calendar = await readFile((await download.path())!, 'utf8');
    expect(calendar).toContain('METHOD:REQUEST');
    expect(calendar).toContain(`UID:${visit.id}@`);
    await expectAccessible(page);
  });
});
