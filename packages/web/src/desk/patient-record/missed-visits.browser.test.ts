import { DateTime } from 'luxon';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addPatient } from '../../../../server/src/domains/patients/test-fixtures.ts';
import { addVisit } from '../../../../server/src/domains/scheduling/arrival/test-fixtures.ts';
import {
  createSchedulingFixture,
  type SchedulingFixture,
} from '../../../../server/src/domains/scheduling/test-fixtures.ts';
import { createTestClinic, createTestStaff, testPassword } from '../../../../server/src/testing/clinic.ts';
import {
  type BrowserSession,
  expectAccessible,
  signInAsStaff,
  startBrowserSession,
} from '../../testing/browser-session.ts';

/**
 * The record page's missed visits, as the front desk sees them before booking again: the count
 * for the last 12 months at a glance, the dates and kinds of visit on request.
 */
describe('missed visits on the patient record', () => {
  let session: BrowserSession;
  let fixture: SchedulingFixture;
  let agentEmail: string;
  let often: string;
  let punctual: string;
  const today = DateTime.now().setZone('America/New_York').startOf('day');
  const twoMonthsAgo = today.minus({ months: 2 }).set({ hour: 10 });
  const fiveMonthsAgo = today.minus({ months: 5 }).set({ hour: 15, minute: 30 });

  beforeAll(async () => {
    session = await startBrowserSession();
    const { orm } = session.server.database;
    const clinic = await createTestClinic(orm, 'Lakeview Clinic');
    fixture = await createSchedulingFixture(orm, clinic.id, { timeZone: 'America/New_York' });
    agentEmail = (await createTestStaff(orm, clinic.id, 'agent')).email;
    const patient = await addPatient(orm, clinic.id, {
      givenName: 'Rafael',
      familyName: 'Ortega',
      birthDate: '1962-11-02',
    });
    often = patient.id;
    const visit = (at: DateTime, options: Parameters<typeof addVisit>[3]) =>
      addVisit(orm, fixture, at.toJSDate(), { patientId: often, ...options });
    await visit(twoMonthsAgo, { status: 'noshow' });
    await visit(fiveMonthsAgo, { status: 'noshow', typeId: fixture.types.newPatient.id });
    // More than a year ago: no longer counted.
    await visit(today.minus({ months: 14 }).set({ hour: 9 }), { status: 'noshow' });
    await visit(today.minus({ months: 1 }).set({ hour: 11 }), { status: 'fulfilled' });
    punctual = (await addPatient(orm, clinic.id, { givenName: 'Ines', familyName: 'Puntual' })).id;
    await addVisit(orm, fixture, today.minus({ months: 3 }).set({ hour: 9 }).toJSDate(), {
      patientId: punctual,
      status: 'fulfilled',
    });
  });
  afterAll(() => session?.close());
  afterEach(async () => {
    await session.closePage();
    expect(session.problems()).toEqual([]);
  });

  /** "Mar 10, 2026" as the page writes a day in English, without the weekday. */
  const dayOf = (at: DateTime) => at.toFormat('LLL d, yyyy', { locale: 'en-US' });

  it('shows how many visits the patient missed this last year, and on request when and which', async () => {
    const page = await session.open(`/desk/patients/${often}`);
    await signInAsStaff(page, agentEmail);
    await page.getByRole('heading', { name: 'Rafael Ortega', level: 1 }).waitFor();
    const missed = page.getByRole('region', { name: 'Missed visits' });
    await missed.getByText('2 missed visits in the last 12 months').waitFor();
    const show = missed.getByRole('button', { name: 'Show dates' });
    expect(await show.getAttribute('aria-expanded')).toBe('false');
    expect(await missed.getByRole('list').count()).toBe(0);
    await expectAccessible(page);

    await show.click();
    const list = missed.getByRole('list', { name: 'Missed visits, latest first' });
    const items = list.getByRole('listitem');
    expect(await items.count()).toBe(2);
    const [latest, earlier] = await items.allTextContents();
    expect(latest).toContain(dayOf(twoMonthsAgo));
    expect(latest).toContain('10:00');
    expect(latest).toMatch(/E[SD]T: Follow-up visit$/);
    expect(earlier).toContain(dayOf(fiveMonthsAgo));
    expect(earlier).toContain('3:30');
    expect(earlier).toMatch(/: New patient visit$/);
    await missed
      .getByText(`Counted from ${today.minus({ months: 12 }).toFormat('LLLL d, yyyy', { locale: 'en-US' })}.`)
      .waitFor();
    expect(await missed.getByRole('button', { name: 'Hide dates' }).getAttribute('aria-expanded')).toBe(
      'true',
    );
    await expectAccessible(page);

    // In Spanish too.
    await page.getByRole('banner').getByLabel('Language').selectOption('es');
    const perdidas = page.getByRole('region', { name: 'Citas perdidas' });
    await perdidas.getByText('2 citas perdidas en los últimos 12 meses').waitFor();
    await perdidas.getByRole('list', { name: 'Citas perdidas, la más reciente primero' }).waitFor();
  });

  it('says so when the patient missed no visit', async () => {
    const page = await session.open(`/desk/patients/${punctual}`, { locale: 'es-ES' });
    await page.getByLabel('Correo de trabajo').fill(agentEmail);
    await page.getByLabel(/^Contraseña/).fill(testPassword);
    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await page.getByRole('heading', { name: 'Ines Puntual', level: 1 }).waitFor();
    await page
      .getByRole('region', { name: 'Citas perdidas' })
      .getByText('Ninguna cita perdida en los últimos 12 meses.')
      .waitFor();
    expect(await page.getByRole('button', { name: 'Ver fechas' }).count()).toBe(0);
    await expectAccessible(page);
  });
});
