import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSchedulingFixture } from '../../../../server/src/domains/scheduling/test-fixtures.ts';
import { createTestClinic, createTestStaff } from '../../../../server/src/testing/clinic.ts';
import {
  type BrowserSession,
  expectAccessible,
  signInAsStaff,
  startBrowserSession,
} from '../../testing/browser-session.ts';

/**
 * A scheduler opens a provider's schedule from the desk, adds Saturday morning hours at the
 * clinic, and sees them in the provider's week, as working hours and as free time to book.
 */
describe('providers’ schedules in the desk', () => {
  let session: BrowserSession;
  let schedulerEmail: string;

  beforeAll(async () => {
    session = await startBrowserSession();
    const orm = session.server.database.orm;
    const clinic = await createTestClinic(orm, 'Maple Grove Clinic');
    await createSchedulingFixture(orm, clinic.id);
    schedulerEmail = (await createTestStaff(orm, clinic.id, 'scheduler')).email;
  });
  afterAll(() => session?.close());
  afterEach(async () => {
    await session.closePage();
    expect(session.problems()).toEqual([]);
  });

  it('adds a Saturday block and shows it in the week view', async () => {
    const page = await session.open('/desk');
    await signInAsStaff(page, schedulerEmail);
    await page.getByRole('link', { name: 'Open schedules' }).click();
    await page.getByRole('heading', { name: 'Schedules', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Dr. Ana Ruiz, MD' }).click();
    await page.getByRole('heading', { name: 'Dr. Ana Ruiz, MD', level: 1 }).waitFor();

    const hours = page.getByRole('region', { name: 'Weekly hours' });
    const saturday = hours.getByRole('row', { name: /^Saturday/ });
    await saturday.getByText('Not working').waitFor();
    await expectAccessible(page);
    await hours.getByRole('button', { name: 'Add hours on Saturday at Main Street Clinic' }).click();

    const dialog = page.getByRole('dialog', { name: 'Add working hours' });
    expect(await dialog.getByRole('radio', { name: 'Every week' }).isChecked()).toBe(true);
    expect(await dialog.getByRole('checkbox', { name: 'Saturday' }).isChecked()).toBe(true);
    await dialog.getByLabel('From').fill('09:00');
    await dialog.getByLabel('Until').fill('12:00');
    await dialog.getByRole('button', { name: 'Add hours' }).click();

    await page
      .getByRole('status')
      .getByText('Added 9:00 AM – 12:00 PM on Sat. Its free times are open for booking.')
      .waitFor();
    await saturday.getByText('9:00 AM – 12:00 PM').waitFor();

    // Next week's Saturday is always still to come, whatever day the test runs on.
    const week = page.getByRole('region', { name: /^Week of/ });
    await week.getByRole('button', { name: 'Next week' }).click();
    const day = week.getByRole('region', { name: /^Saturday,/ });
    await day.getByText('Hours 9:00 AM – 12:00 PM').waitFor();
    await day.getByText('Free 9:00 AM – 12:00 PM').waitFor();
    expect(
      await week
        .getByRole('region', { name: /^Sunday,/ })
        .getByText('Not working')
        .count(),
    ).toBe(1);
    await expectAccessible(page);
  });
});
