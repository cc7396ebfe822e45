import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { patientCoverages } from '../../../server/src/domains/patients/schema.ts';
import { addPatient } from '../../../server/src/domains/patients/test-fixtures.ts';
import { kioskKeyHash, newKioskKey } from '../../../server/src/domains/scheduling/arrival/kiosk-devices.ts';
import { addVisit, todayAt } from '../../../server/src/domains/scheduling/arrival/test-fixtures.ts';
import { checkInNotesField } from '../../../server/src/domains/scheduling/arrival/visit-status.ts';
import { appointments, kioskDevices } from '../../../server/src/domains/scheduling/schema.ts';
import { createSchedulingFixture } from '../../../server/src/domains/scheduling/test-fixtures.ts';
import { createTestClinic } from '../../../server/src/testing/clinic.ts';
import { type BrowserSession, expectAccessible, startBrowserSession } from '../testing/browser-session.ts';

/**
 * A patient checks in at the kiosk in the waiting room: opened once with its key (which the page
 * keeps and takes out of the address), finds today's visit by last name and date of birth, says
 * the mobile number changed, and is told to take a seat; the screen goes back to the start by
 * itself for the next patient.
 */
describe('the check-in kiosk', () => {
  let session: BrowserSession;
  let locationId: string;
  let visitId: string;
  const key = newKioskKey();

  beforeAll(async () => {
    session = await startBrowserSession();
    const { orm } = session.server.database;
    const clinic = await createTestClinic(orm, 'Harbor Family Clinic');
    const fixture = await createSchedulingFixture(orm, clinic.id);
    locationId = fixture.locationId;
    const patient = await addPatient(orm, clinic.id, {
      givenName: 'Marta',
      familyName: 'Salgado',
      birthDate: '1975-06-09',
      phone: '+12125550123',
      email: 'marta@example.com',
    });
    await orm.insert(patientCoverages).values({
      organizationId: clinic.id,
      patientId: patient.id,
      payerName: 'Aetna',
      memberNumberEncrypted: session.server.cipher.encrypt('patient_coverages.member_number', 'A1'),
    });
    visitId = (await addVisit(orm, fixture, todayAt(fixture, 15, 0), { patientId: patient.id })).id;
    await orm
      .insert(kioskDevices)
      .values({ organizationId: clinic.id, locationId, name: 'Lobby', keyHash: kioskKeyHash(key) });
  });
  afterAll(() => session?.close());
  afterEach(async () => {
    await session.closePage();
    expect(session.problems()).toEqual([]);
  });

  it('checks a patient in by name and date of birth, with what changed, then returns to the start', async () => {
    const page = await session.open(`/kiosk/${locationId}?key=${encodeURIComponent(key)}`);
    const findHeading = page.getByRole('heading', { name: 'Check in for your appointment' });
    await findHeading.waitFor();
    expect(new URL(page.url()).search).toBe('');
    await expectAccessible(page);

    // The next start goes without the key in the address; fake clocks let the idle wait pass.
    await page.clock.install();
    await page.reload();
    await findHeading.waitFor();

    await page.getByRole('button', { name: 'Español' }).click();
    await page.getByRole('heading', { name: 'Registre su llegada a su cita' }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();

    await page.getByLabel('Last name').fill('salgado');
    await page.getByLabel('Month').selectOption({ label: 'June' });
    await page.getByLabel('Day').fill('9');
    await page.getByLabel('Year').fill('1975');
    await page.getByRole('button', { name: 'Find my appointment' }).click();

    await page.getByRole('heading', { name: 'Is this your appointment?' }).waitFor();
    await expect.poll(() => page.getByText('Marta S.').isVisible()).toBe(true);
    expect(await page.getByText('1975').count()).toBe(0);
    await page.getByRole('button', { name: /with Dr\. Ana Ruiz, MD/ }).click();

    await page.getByRole('heading', { name: 'Are your details still right?' }).waitFor();
    await page.getByText('Mobile number ending in 0123').waitFor();
    await page.getByText('Email m***@example.com').waitFor();
    await expectAccessible(page);
    const checkIn = page.getByRole('button', { name: 'Check in' });
    expect(await checkIn.isDisabled()).toBe(true);
    await page
      .getByRole('radiogroup', { name: 'Is this still right?' })
      .getByText('No', { exact: true })
      .click();
    await page
      .getByRole('radiogroup', { name: 'Your insurance on file is Aetna. Is it still right?' })
      .getByText('Yes, still right')
      .click();
    await checkIn.click();

    await page.getByRole('heading', { name: 'You are checked in, Marta.' }).waitFor();
    await page.getByText('Please take a seat; the front desk has been told.').waitFor();
    await page.getByText('The front desk will ask you about the details that changed.').waitFor();
    const [row] = await session.server.database.orm
      .select()
      .from(appointments)
      .where(eq(appointments.id, visitId));
    expect(row!.status).toBe('arrived');
    expect(session.server.cipher.decrypt(checkInNotesField, row!.checkInNotesEncrypted!)).toContain(
      'Contact details changed',
    );

    // Nobody touches the screen for 20 seconds: it is ready for the next patient, fields empty.
    await page.clock.fastForward(20_500);
    await findHeading.waitFor();
    expect(await page.getByLabel('Last name').inputValue()).toBe('');
  });

  it('says it is not set up when opened without its key, or with a wrong one', async () => {
    const page = await session.open(`/kiosk/${locationId}?key=not-the-right-key-at-all-00000000000000`, {
      expectedFailures: [`/api/kiosk/${locationId}`],
    });
    await page.getByRole('heading', { name: 'This kiosk is not set up' }).waitFor();
    await expectAccessible(page);
  });
});
