import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { csrfTokenFor } from '../../../server/src/domains/identity/csrf.ts';
import { startSession } from '../../../server/src/domains/identity/sessions.ts';
import { addPatient } from '../../../server/src/domains/patients/test-fixtures.ts';
import { createTestClinic, createTestStaff } from '../../../server/src/testing/clinic.ts';
import {
  type BrowserSession,
  expectAccessible,
  signInAsStaff,
  startBrowserSession,
} from '../testing/browser-session.ts';

/** A common phone held upright (an iPhone 12 to 15). */
const phone = { width: 390, height: 844 };

/** The control's box, or where it lies outside the window (a menu that slides in gets there). */
async function placeOf(control: Locator) {
  const box = await control.boundingBox();
  if (!box) return 'not on screen';
  const outside = [
    box.x < 0 && 'left',
    box.y < 0 && 'above',
    box.x + box.width > phone.width && 'right',
    box.y + box.height > phone.height && 'below',
  ].filter(Boolean);
  return outside.length > 0 ? `beyond the window: ${outside.join(', ')}` : 'within the window';
}

/** Whether the control lies wholly inside the window, and is the thing a tap at its centre reaches. */
async function expectWithinWindowAndClickable(control: Locator) {
  await expect.poll(() => placeOf(control)).toBe('within the window');
  // Throws when another element would receive the click (something laid over the control).
  await control.click({ trial: true, timeout: 2_000 });
}

/** Whether the page is wider than the window (it would scroll sideways). */
const overflowsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

/**
 * The header on a phone, for staff and for patients: the sign-out stays on screen, nothing
 * scrolls sideways, and the rest of the header (the sections of the desk, availability, the
 * language) is in the menu beside it.
 */
describe('the header on a phone', () => {
  let session: BrowserSession;
  let clinicId: string;
  let supervisorEmail: string;
  let patientId: string;

  beforeAll(async () => {
    session = await startBrowserSession();
    const { orm } = session.server.database;
    // A long name, as clinics have: it must not push the controls off screen.
    const clinic = await createTestClinic(orm, 'Riverside Family and Community Health Center');
    clinicId = clinic.id;
    // A supervisor has the most links in the header.
    supervisorEmail = (await createTestStaff(orm, clinic.id, 'supervisor')).email;
    patientId = (
      await addPatient(orm, clinic.id, {
        givenName: 'Maximiliano',
        familyName: 'Fernández-Villanueva',
        email: 'max.fv@example.test',
      })
    ).id;
  });
  afterAll(() => session?.close());
  afterEach(async () => {
    await session.closePage();
    expect(session.problems()).toEqual([]);
  });

  it('keeps the desk header on screen at 390 px, with the sections in a menu and a working sign-out', async () => {
    const page = await session.open('/desk');
    await page.setViewportSize(phone);
    await signInAsStaff(page, supervisorEmail);
    const header = page.getByRole('banner');
    const signOut = header.getByRole('button', { name: 'Sign out' });
    await signOut.waitFor();
    await page.getByRole('heading', { level: 1 }).first().waitFor();

    expect(await overflowsSideways(page)).toBe(false);
    await expectWithinWindowAndClickable(signOut);
    const menu = header.getByRole('button', { name: 'Menu' });
    await expectWithinWindowAndClickable(menu);
    await expectAccessible(page);

    await menu.click();
    const drawer = page.getByRole('dialog', { name: 'Menu' });
    await drawer.getByText('Test supervisor · Supervisor').waitFor();
    await expectWithinWindowAndClickable(drawer.getByLabel('Your availability'));
    await expectWithinWindowAndClickable(drawer.getByLabel('Language'));
    const sections = drawer.getByRole('navigation', { name: 'Main navigation' });
    await expectWithinWindowAndClickable(sections.getByRole('link', { name: 'My account' }));
    await expectAccessible(page);
    await sections.getByRole('link', { name: 'Patients' }).click();
    await page.getByRole('heading', { name: 'Patients', level: 1 }).waitFor();
    // Choosing a section closes the menu.
    await drawer.waitFor({ state: 'detached' });
    expect(await overflowsSideways(page)).toBe(false);

    await signOut.click();
    await page.getByRole('heading', { name: 'Staff sign-in', level: 1 }).waitFor();
    expect(await overflowsSideways(page)).toBe(false);
  });

  it('keeps the portal header on screen at 390 px, in Spanish too, with a working sign-out', async () => {
    const started = await startSession(
      session.server.database.orm,
      { idleMinutes: 15, maxHours: 12 },
      {
        organizationId: clinicId,
        subjectType: 'patient',
        subjectId: patientId,
        authenticatedBy: 'one-time-code',
        portalContact: 'email:max.fv@example.test',
      },
    );
    const page = await session.open('/portal', {
      locale: 'es-ES',
      cookies: [
        { name: 'pd_session', value: started.token },
        { name: 'pd_csrf', value: csrfTokenFor(started.token) },
      ],
    });
    await page.setViewportSize(phone);
    await page.getByRole('heading', { name: /Maximiliano/, level: 1 }).waitFor();
    const header = page.getByRole('banner');
    const signOut = header.getByRole('button', { name: 'Cerrar sesión' });

    expect(await overflowsSideways(page)).toBe(false);
    await expectWithinWindowAndClickable(signOut);
    await expectAccessible(page);

    // The language is in the menu on a phone.
    await header.getByRole('button', { name: 'Menú' }).click();
    const drawer = page.getByRole('dialog', { name: 'Menú' });
    await drawer.getByText('Maximiliano Fernández-Villanueva').waitFor();
    await expectWithinWindowAndClickable(drawer.getByLabel('Idioma'));
    await expectAccessible(page);
    await drawer.getByLabel('Idioma').selectOption('en');
    // The whole interface is in English now, the menu too.
    const menu = page.getByRole('dialog', { name: 'Menu' });
    await menu.getByRole('button', { name: 'Close the menu' }).click();
    await menu.waitFor({ state: 'detached' });

    await header.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email address or mobile phone').waitFor();
    expect(await overflowsSideways(page)).toBe(false);
  });
});
