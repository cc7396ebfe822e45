import type { KioskLookupResult } from '@patientdesk/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addPatient } from '../../../../server/src/domains/patients/test-fixtures.ts';
import {
  kioskKeyHash,
  newKioskKey,
} from '../../../../server/src/domains/scheduling/arrival/kiosk-devices.ts';
import { addVisit, todayAt } from '../../../../server/src/domains/scheduling/arrival/test-fixtures.ts';
import { kioskDevices } from '../../../../server/src/domains/scheduling/schema.ts';
import { createSchedulingFixture } from '../../../../server/src/domains/scheduling/test-fixtures.ts';
import { createTestClinic, createTestStaff } from '../../../../server/src/testing/clinic.ts';
import {
  type BrowserSession,
  expectAccessible,
  signInAsStaff,
  startBrowserSession,
} from '../../testing/browser-session.ts';

/**
 * The front desk's arrivals board while a patient checks in at the kiosk in the waiting room:
 * the row turns to "Arrived" with the waiting time and the kiosk's note, without a reload; the
 * desk then marks the visit seen with follow-up instructions for the portal.
 */
describe('the arrivals board', () => {
  let session: BrowserSession;
  let agentEmail: string;
  let locationId: string;
  const key = newKioskKey();

  beforeAll(async () => {
    session = await startBrowserSession();
    const { orm } = session.server.database;
    const clinic = await createTestClinic(orm, 'Lakeview Clinic');
    const fixture = await createSchedulingFixture(orm, clinic.id);
    locationId = fixture.locationId;
    agentEmail = (await createTestStaff(orm, clinic.id, 'agent')).email;
    const patient = await addPatient(orm, clinic.id, {
      givenName: 'Rafael',
      familyName: 'Ortega',
      birthDate: '1962-11-02',
      phone: '+12125550177',
    });
    await addVisit(orm, fixture, todayAt(fixture, 16, 0), { patientId: patient.id });
    await orm
      .insert(kioskDevices)
      .values({ organizationId: clinic.id, locationId, name: 'Lobby', keyHash: kioskKeyHash(key) });
  });
  afterAll(() => session?.close());
  afterEach(async () => {
    await session.closePage();
    expect(session.problems()).toEqual([]);
  });

  /** What the kiosk in the waiting room sends when Rafael checks in there. */
  async function checkInAtKiosk() {
    const call = async (path: string, body: object) => {
      const response = await fetch(`${session.server.address}/api/kiosk/${locationId}${path}`, {
        method: 'POST',
        headers: { 'x-kiosk-key': key, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status, await response.clone().text()).toBe(200);
      return response.json();
    };
    const { visits } = (await call('/lookup', {
      lastName: 'Ortega',
      birthDate: '1962-11-02',
    })) as KioskLookupResult;
    await call('/check-in', { ticket: visits[0]!.ticket, contactStillRight: false, insurance: 'none' });
  }

  it('shows a kiosk check-in live, with the waiting time and the note, then marks the visit seen', async () => {
    const page = await session.open('/desk');
    await signInAsStaff(page, agentEmail);
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Arrivals' })
      .click();
    await page.getByRole('heading', { name: 'Arrivals', level: 1 }).waitFor();
    const row = page.getByRole('row', { name: /Rafael Ortega/ });
    await row.getByText('Not here yet').waitFor();
    await page.getByText('Live', { exact: true }).waitFor();
    await expectAccessible(page);

    await checkInAtKiosk();

    await row.getByText('Arrived').waitFor();
    await row.getByText('Waiting 0 min').waitFor();
    await row.getByText('Contact details changed: ask for the new mobile number or email.').waitFor();

    await row.getByRole('button', { name: 'Seen Rafael Ortega' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rafael Ortega: visit seen' });
    await dialog
      .getByLabel('Follow-up instructions for the patient (optional)')
      .fill('Rest the ankle; ice it twice a day.');
    await dialog
      .getByText('The patient gets a message with a link to the portal.', { exact: false })
      .waitFor();
    await dialog.getByRole('button', { name: 'Mark as seen' }).click();
    await page.getByRole('status').getByText("Rafael Ortega's visit is marked as seen.").waitFor();
    await row.getByText('Seen', { exact: true }).waitFor();
    await row.getByText('Follow-up instructions written').waitFor();
  });
});
