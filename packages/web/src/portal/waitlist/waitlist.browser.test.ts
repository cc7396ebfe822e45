import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Organization } from '../../../../server/src/domains/organizations/service.ts';
import { listOutbox } from '../../../../server/src/domains/outbox/service.ts';
import { addPatient } from '../../../../server/src/domains/patients/test-fixtures.ts';
import { cancelAppointmentRow } from '../../../../server/src/domains/scheduling/booking.ts';
import {
  bookTestAppointment,
  createSchedulingFixture,
  nextWorkdayAt,
  type SchedulingFixture,
  testSchedulingDependencies,
} from '../../../../server/src/domains/scheduling/test-fixtures.ts';
import { createTestClinic } from '../../../../server/src/testing/clinic.ts';
import { testCipher } from '../../../../server/src/testing/test-cipher.ts';
import { type BrowserSession, expectAccessible, startBrowserSession } from '../../testing/browser-session.ts';

const minute = 60_000;

describe('the waitlist in the portal, and an offer accepted on its page, in a real browser', () => {
  let session: BrowserSession;
  let clinic: Organization;
  let fixture: SchedulingFixture;
  const email = 'maria.lopez@example.test';
  const phone = '+12125550123';

  beforeAll(async () => {
    session = await startBrowserSession();
    const orm = session.server.database.orm;
    clinic = await createTestClinic(orm, 'Harbor Family Practice');
    fixture = await createSchedulingFixture(orm, clinic.id);
    await session.server.database.query('update patients set email = $1, phone = $2 where id = $3', [
      email,
      phone,
      fixture.patientId,
    ]);
  });
  afterAll(() => session?.close());
  afterEach(async () => {
    await session.closePage();
    expect(session.problems()).toEqual([]);
  });

  async function signInToPortal(page: Page) {
    await page.getByLabel('Email address or mobile phone').fill(email);
    await page.getByRole('button', { name: 'Send my code' }).click();
    await page.getByRole('heading', { name: 'Enter your code' }).waitFor();
    const messages = await listOutbox(session.server.database.orm, testCipher(), clinic.id);
    const message = messages.find((m) => m.recipient === email && m.purpose === 'portal-sign-in-code');
    await page.getByLabel('Digit 1 of 6').pressSequentially(/\b(\d{6})\b/.exec(message!.body)![1]!);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  it('joins the waitlist, is offered a cancelled time by text, and books it from the offer page', async () => {
    const page = await session.open(`/portal?clinic=${clinic.slug}`, {
      expectedFailures: ['/api/portal/waitlist'],
    });
    await signInToPortal(page);
    await page.getByRole('heading', { name: 'Hello, Maria Lopez', level: 1 }).waitFor();
    await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Waitlist' }).click();
    await page.getByRole('heading', { name: 'Waitlist', level: 1 }).waitFor();
    await page.getByText('Not on the waitlist.').waitFor();

    // Joining without a kind of visit is refused, with the reason under the field.
    await page.getByLabel('Provider', { exact: true }).selectOption({ label: 'Dr. Ana Ruiz, MD' });
    await page.getByRole('button', { name: 'Join the waitlist' }).click();
    const kind = page.getByLabel('Kind of visit');
    await page.getByText('must be an appointment type id').waitFor();
    expect(await kind.evaluate((element) => element === document.activeElement)).toBe(true);

    await kind.selectOption({ label: 'Follow-up visit' });
    await page.getByLabel('Visit starts no earlier than').fill('09:00');
    await page.getByLabel('Visit ends no later than').fill('12:00');
    await page.getByRole('button', { name: 'Join the waitlist' }).click();
    await page
      .getByRole('status')
      .getByText('You are on the waitlist for Follow-up visit with Dr. Ana Ruiz, MD.', { exact: false })
      .waitFor();
    const entry = page.getByRole('article', { name: 'Follow-up visit with Dr. Ana Ruiz, MD' });
    await entry.getByText('Waiting').waitFor();
    expect(await entry.textContent()).toContain('Mon, Tue, Wed, Thu, Fri');
    expect(await entry.textContent()).toContain('9:00 AM to 12:00 PM');
    await expectAccessible(page);

    // Another patient cancels a morning visit: Maria is texted a link to the freed time.
    const orm = session.server.database.orm;
    const freed = nextWorkdayAt(fixture, 10, 0, new Date(Date.now() + 7 * 24 * 60 * minute));
    const neighbour = await addPatient(orm, clinic.id, { givenName: 'Ned', familyName: 'Bour' });
    await bookTestAppointment(orm, fixture, new Date(freed.getTime() + 15 * minute), {
      patientId: neighbour.id,
    });
    const leaving = await addPatient(orm, clinic.id, { givenName: 'Lee', familyName: 'Ving' });
    const visit = await bookTestAppointment(orm, fixture, freed, { patientId: leaving.id });
    await cancelAppointmentRow(
      orm,
      { ...testSchedulingDependencies(), cipher: testCipher() },
      visit,
      'patient',
    );
    const text = (await listOutbox(orm, testCipher(), clinic.id)).find(
      (message) => message.recipient === phone && message.purpose === 'waitlist-offer',
    );
    expect(text!.body).toContain('a visit time opened up');
    const link = /\/offers\/[A-Za-z0-9_-]{43}/.exec(text!.body)![0];

    // axe is injected as a script, which the offer page's policy forbids (no script ever runs
    // there): for this check the browser gets the same page without that header.
    await page.route(`**${link}`, async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['content-security-policy'];
      await route.fulfill({ response, headers });
    });
    await page.goto(`${session.server.address}${link}`);
    await page.getByRole('heading', { name: 'A visit time for you', level: 1 }).waitFor();
    await page.getByText('Dr. Ana Ruiz, MD').waitFor();
    await page.getByText('Main Street Clinic', { exact: false }).waitFor();
    expect(await page.getByText('Maria').count()).toBe(0);
    await expectAccessible(page);
    await page.unrouteAll();
    await page.getByRole('button', { name: 'Accept this time' }).click();
    await page.getByRole('heading', { name: 'Booked', level: 1 }).waitFor();
    await page.getByText('This time is yours.', { exact: false }).waitFor();

    // The portal now shows the wait as over, with the time she accepted.
    await page.goto(`${session.server.address}/portal/waitlist`);
    const booked = page.getByRole('article', { name: 'Follow-up visit with Dr. Ana Ruiz, MD' });
    await booked.getByText('Booked', { exact: true }).waitFor();
    await booked.getByText('you accepted it', { exact: false }).waitFor();
    expect(await booked.getByRole('button', { name: /Leave/ }).count()).toBe(0);
  });
});
