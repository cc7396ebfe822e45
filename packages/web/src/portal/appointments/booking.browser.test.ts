import { readFile } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resolveContact, setOptedOut } from '../../../../server/src/domains/conversations/contacts.ts';
import { csrfTokenFor } from '../../../../server/src/domains/identity/csrf.ts';
import { startSession } from '../../../../server/src/domains/identity/sessions.ts';
import type { Organization } from '../../../../server/src/domains/organizations/service.ts';
import { listOutbox } from '../../../../server/src/domains/outbox/service.ts';
import { patients, proxies, proxyAuthorizations } from '../../../../server/src/domains/patients/schema.ts';
import { addPatient } from '../../../../server/src/domains/patients/test-fixtures.ts';
import { bookAppointment } from '../../../../server/src/domains/scheduling/booking.ts';
import { computeFreeTime } from '../../../../server/src/domains/scheduling/free-time.ts';
import {
  appointments,
  providerAppointmentTypes,
  providerLocations,
  providers,
  scheduleRules,
} from '../../../../server/src/domains/scheduling/schema.ts';
import {
  createSchedulingFixture,
  type SchedulingFixture,
  testSchedulingDependencies,
} from '../../../../server/src/domains/scheduling/test-fixtures.ts';
import { createTestClinic } from '../../../../server/src/testing/clinic.ts';
import { testCipher } from '../../../../server/src/testing/test-cipher.ts';
import { type BrowserSession, expectAccessible, startBrowserSession } from '../../testing/browser-session.ts';

/** A picture of the page for a person to look at (in /tmp); the test does not compare pixels. */
const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: `/tmp/patientdesk-booking-${name}.png`, fullPage: true });

/** The accessible name of a free-time button: "Wed, Jan 14, 10:30 AM (Eastern Time)". */
const nameOf = async (button: Locator) => (await button.getAttribute('aria-label'))!;

describe('booking in the portal, in a real browser', () => {
  let session: BrowserSession;
  let clinic: Organization;
  let fixture: SchedulingFixture;
  const ids = {} as Record<'maria' | 'leo' | 'ana' | 'rosa', string>;
  let mariaEmail: string;
  const leoPhone = '+12125550188';
  const leoEmail = 'leo.lopez@example.test';

  /** Another family doctor at the fixture's clinic, Monday to Friday 09:00-17:00. */
  async function addDoctor(fields: Partial<typeof providers.$inferInsert>) {
    const orm = session.server.database.orm;
    const { organizationId } = fixture;
    const [doctor] = await orm
      .insert(providers)
      .values({
        organizationId,
        givenName: 'Ben',
        familyName: 'Okafor',
        prefix: 'Dr.',
        credentials: 'MD',
        specialty: 'Family medicine',
        ...fields,
      })
      .returning();
    await orm
      .insert(providerLocations)
      .values({ organizationId, providerId: doctor!.id, locationId: fixture.locationId });
    await orm.insert(providerAppointmentTypes).values(
      Object.values(fixture.types).map((type) => ({
        organizationId,
        providerId: doctor!.id,
        appointmentTypeId: type.id,
      })),
    );
    const today = DateTime.now().setZone(fixture.timeZone);
    await orm.insert(scheduleRules).values({
      organizationId,
      providerId: doctor!.id,
      locationId: fixture.locationId,
      recurrence: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
      startsOn: today.minus({ days: 7 }).toISODate()!,
      startTime: '09:00',
      endTime: '17:00',
    });
    await computeFreeTime(orm, doctor!.id, today.plus({ days: 60 }).toISODate()!, new Date());
  }

  beforeAll(async () => {
    session = await startBrowserSession();
    const orm = session.server.database.orm;
    clinic = await createTestClinic(orm, 'Harbor Family Practice');
    fixture = await createSchedulingFixture(orm, clinic.id, {
      providerFields: { bio: 'Dr. Ruiz has cared for families in Springfield for 15 years.' },
    });
    // Speaks Spanish, but takes no Aetna; takes Aetna, but speaks no Spanish.
    await addDoctor({
      givenName: 'Lucia',
      familyName: 'Gomez',
      languages: ['es'],
      acceptedInsurance: ['cigna'],
    });
    await addDoctor({ languages: ['en'], acceptedInsurance: ['aetna'] });
    ids.maria = fixture.patientId;
    const [maria] = await orm
      .select({ email: patients.email })
      .from(patients)
      .where(eq(patients.id, ids.maria));
    mariaEmail = maria!.email!;
    ids.leo = (
      await addPatient(orm, clinic.id, {
        givenName: 'Leo',
        familyName: 'Lopez',
        birthDate: '2019-05-02',
        phone: leoPhone,
        email: leoEmail,
      })
    ).id;
    // The family's number texted STOP: the clinic's texts to it have ended, its emails have not.
    const stopped = await resolveContact(orm, {
      organizationId: clinic.id,
      channel: 'sms',
      address: leoPhone,
    });
    await setOptedOut(orm, stopped.address.id, true);
    ids.ana = (
      await addPatient(orm, clinic.id, { givenName: 'Ana', familyName: 'Lopez', birthDate: '2016-02-20' })
    ).id;
    const [rosa] = await orm
      .insert(proxies)
      .values({
        organizationId: clinic.id,
        givenName: 'Rosa',
        familyName: 'Lopez',
        email: 'rosa@example.test',
      })
      .returning({ id: proxies.id });
    ids.rosa = rosa!.id;
    await orm.insert(proxyAuthorizations).values([
      {
        organizationId: clinic.id,
        proxyId: ids.rosa,
        patientId: ids.leo,
        relationship: 'parent',
        scopes: ['scheduling', 'messaging'],
      },
      {
        organizationId: clinic.id,
        proxyId: ids.rosa,
        patientId: ids.ana,
        relationship: 'parent',
        scopes: ['messaging'],
      },
    ]);
  });

  afterAll(() => session?.close());
  afterEach(async () => {
    await session.closePage();
    expect(session.problems()).toEqual([]);
  });

  /** A portal session, opened as if with a one-time code (the sign-in itself is tested elsewhere). */
  async function portalCookies(subjectType: 'patient' | 'proxy', subjectId: string, email: string) {
    const started = await startSession(
      session.server.database.orm,
      { idleMinutes: 15, maxHours: 12 },
      {
        organizationId: clinic.id,
        subjectType,
        subjectId,
        authenticatedBy: 'one-time-code',
        portalContact: `email:${email}`,
      },
    );
    return [
      { name: 'pd_session', value: started.token },
      { name: 'pd_csrf', value: csrfTokenFor(started.token) },
    ];
  }

  const visitsOf = (patientId: string) =>
    session.server.database.orm
      .select({
        status: appointments.status,
        startsAt: appointments.startsAt,
        cancellationReason: appointments.cancellationReason,
      })
      .from(appointments)
      .where(eq(appointments.patientId, patientId))
      .orderBy(appointments.createdAt);

  /** Shows the next week of a provider's calendar and waits for it. */
  async function nextWeek(calendar: Locator) {
    const range = calendar.getByText(/^Free times from|^Horas libres del/);
    const before = await range.textContent();
    await calendar.getByRole('button', { name: /^Next 7 days|^7 días siguientes/ }).click();
    await expect.poll(() => range.textContent()).not.toBe(before);
  }

  it('lets a patient find a provider by insurance and language, book with the intake answers, see it in My appointments, move it and cancel it', async () => {
    const page = await session.open('/portal', {
      cookies: await portalCookies('patient', ids.maria, mariaEmail),
      expectedFailures: ['/api/portal/appointments'],
    });
    await page.getByRole('heading', { name: 'Hello, Maria Lopez', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Book a visit' }).click();
    await page.getByRole('heading', { name: 'Book a visit', level: 1 }).waitFor();
    await page.getByRole('list', { name: 'Booking steps' }).getByText('Who and what').waitFor();

    await page.getByLabel('Kind of visit').selectOption({ label: 'New patient visit · 30 minutes' });
    await page.getByLabel('Language the provider speaks').selectOption({ label: 'Spanish' });
    await page.getByLabel('Insurance', { exact: true }).selectOption({ label: 'Aetna' });
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Find times' }).click();

    // Only the doctor who both speaks Spanish and takes Aetna.
    await page.getByRole('status').getByText('1 provider has free times.').waitFor();
    const card = page.getByRole('region', { name: 'Dr. Ana Ruiz, MD' });
    await card.getByText('Dr. Ruiz has cared for families in Springfield').waitFor();
    await card.getByText('Speaks: English and Spanish').waitFor();
    await card.getByText('Accepts: Aetna and Medicare').waitFor();
    expect(await page.getByRole('region', { name: /Gomez|Okafor/ }).count()).toBe(0);
    expect(await card.getByRole('button', { name: /\(Eastern Time\)$/ }).count()).toBeGreaterThan(0);

    // A visit more than a day ahead, so it can still be moved and cancelled online.
    await card.getByRole('button', { name: 'More times' }).click();
    const calendar = card.getByRole('region', { name: 'More times with Dr. Ana Ruiz, MD' });
    await nextWeek(calendar);
    const firstTime = calendar.getByRole('listitem').first().getByRole('button');
    const booked = await nameOf(firstTime);
    await expectAccessible(page);
    await screenshot(page, 'times');
    await firstTime.click();

    await page.getByRole('heading', { name: 'Confirm the details', level: 2 }).waitFor();
    expect(await page.getByRole('timer').textContent()).toMatch(/Confirm within [45]:\d\d\./);
    const held = page.getByRole('region', { name: 'Your visit' });
    await held.getByText(booked).waitFor();
    await page.getByText('Bring your insurance card and a list of your medicines.').waitFor();
    await page.getByText('You searched for providers who accept Aetna.', { exact: false }).waitFor();
    // The visit's question must be answered: the server says which, under the question.
    await page.getByLabel('Reason for the visit (optional)').fill('Pain in my right knee when I walk');
    await page.getByRole('button', { name: 'Confirm booking' }).click();
    const medicines = page.getByLabel(/^Which medicines do you take\?/);
    await page.getByText('needs an answer: Which medicines do you take?').waitFor();
    await expect.poll(() => medicines.evaluate((element) => element === document.activeElement)).toBe(true);
    await medicines.fill('Metformin 500 mg twice a day');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Confirm booking' }).click();

    await page.getByRole('heading', { name: 'Your visit is booked', level: 2 }).waitFor();
    // Where the server says it sent the confirmation: her mobile, most of the number hidden.
    await page.getByText('We sent a confirmation by text message to •••• 0123.').waitFor();
    const outbox = await listOutbox(session.server.database.orm, testCipher(), clinic.id);
    expect(
      outbox
        .filter((message) => message.purpose === 'appointment-confirmation')
        .map((message) => message.recipient),
    ).toEqual(['+12125550123']);
    await page.getByText(booked).waitFor();
    await page.getByText('Metformin 500 mg twice a day').waitFor();
    await page.getByText('Pain in my right knee when I walk').waitFor();
    expect(await page.getByText(/^[A-Z0-9]{6}$/).count()).toBe(1);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Add to calendar' }).click(),
    ]);
    const entry = await readFile((await download.path())!, 'utf8');
    expect(entry).toContain('BEGIN:VEVENT');
    expect(entry).toContain('Dr. Ana Ruiz');
    await expectAccessible(page);
    await screenshot(page, 'done');

    await page.getByRole('link', { name: 'My appointments', exact: true }).click();
    await page.getByRole('heading', { name: 'My appointments', level: 1 }).waitFor();
    const upcoming = page.getByRole('region', { name: 'Upcoming' });
    const visit = upcoming.getByRole('article', { name: 'New patient visit with Dr. Ana Ruiz, MD' });
    await visit.getByText(booked, { exact: true }).waitFor();
    await visit.getByText('Bring your insurance card and a list of your medicines.').waitFor();
    await visit.getByText('You can move or cancel this visit online until', { exact: false }).waitFor();
    await expectAccessible(page);

    // Move it to a time in the week after.
    await visit.getByRole('button', { name: 'Reschedule' }).click();
    const picker = visit.getByRole('region', { name: 'Choose a new time' });
    await nextWeek(picker);
    await nextWeek(picker);
    const laterTime = picker.getByRole('listitem').first().getByRole('button');
    const moved = await nameOf(laterTime);
    await laterTime.click();
    await picker.getByText(`Move your visit to ${moved}?`).waitFor();
    await picker.getByRole('button', { name: 'Move my visit' }).click();
    await page
      .getByRole('status')
      .getByText(`Your visit is moved to ${moved}. We sent a confirmation by text message to •••• 0123.`)
      .waitFor();
    const movedVisit = upcoming.getByRole('article', { name: 'New patient visit with Dr. Ana Ruiz, MD' });
    await movedVisit.getByText(moved, { exact: true }).waitFor();
    expect(await upcoming.getByText(booked, { exact: true }).count()).toBe(0);
    expect((await visitsOf(ids.maria)).map((row) => [row.status, row.cancellationReason])).toEqual([
      ['cancelled', 'rescheduled'],
      ['booked', null],
    ]);

    // Its own page (where the confirmation's link leads) keeps the answers given when booking.
    await movedVisit.getByRole('link', { name: /^Details/ }).click();
    await page.getByRole('heading', { name: 'Your visit', level: 1 }).waitFor();
    const ownPage = page.getByRole('article', { name: 'New patient visit with Dr. Ana Ruiz, MD' });
    await ownPage.getByText('Metformin 500 mg twice a day').waitFor();
    await ownPage.getByText(moved, { exact: true }).waitFor();

    // Cancel it there: the dialog's first button keeps the visit.
    await ownPage.getByRole('button', { name: 'Cancel visit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel this visit?' });
    await dialog
      .getByText(`New patient visit with Dr. Ana Ruiz, MD on ${moved}.`, { exact: false })
      .waitFor();
    // Checked once the dialog has faded in (half-transparent text fails contrast).
    await expect.poll(() => dialog.evaluate((element) => getComputedStyle(element).opacity)).toBe('1');
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Cancel visit' }).click();
    await page.getByRole('status').getByText(`Your visit on ${moved} is cancelled.`).waitFor();
    await ownPage.getByText('Cancelled', { exact: true }).waitFor();
    expect(await ownPage.getByRole('button', { name: 'Cancel visit' }).count()).toBe(0);
    // The button is gone with the visit: the keyboard starts again at the page's heading.
    const heading = page.getByRole('heading', { name: 'Your visit', level: 1 });
    await expect.poll(() => heading.evaluate((element) => element === document.activeElement)).toBe(true);
    expect((await visitsOf(ids.maria)).map((row) => [row.status, row.cancellationReason])).toEqual([
      ['cancelled', 'rescheduled'],
      ['cancelled', 'patient'],
    ]);
  });

  it('tells a parent booking in Spanish on her phone that the time was just taken and offers the next ones, and that a hold ran out', async () => {
    const page = await session.open('/portal/appointments/book', {
      locale: 'es-US',
      cookies: await portalCookies('proxy', ids.rosa, 'rosa@example.test'),
      expectedFailures: ['/api/portal/appointments/holds'],
    });
    // On a phone.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('heading', { name: 'Pedir una cita', level: 1 }).waitFor();
    // Her son, whose access covers appointments; not her daughter, whose access does not.
    await page.getByText('No se muestran aquí: Ana Lopez.', { exact: false }).waitFor();
    expect(await page.getByLabel('¿Para quién es la cita?').count()).toBe(0);
    await page.getByLabel('Tipo de cita').selectOption({ label: 'Follow-up visit · 15 minutos' });
    await page.getByRole('button', { name: 'Buscar horas' }).click();
    await page.getByRole('status').getByText('3 proveedores tienen horas libres.').waitFor();
    const card = page.getByRole('region', { name: 'Dr. Ana Ruiz, MD' });
    const first = card.getByRole('button', { name: /\(hora/ }).first();
    const wanted = await nameOf(first);

    // Another patient holds Dr. Ruiz's first free time a moment before Rosa chooses it.
    const search = await session.server.app.inject({
      method: 'GET',
      url: `/api/providers/search?clinic=${clinic.slug}&appointmentType=${fixture.types.followUp.id}&timesPerProvider=4`,
    });
    const hit = search
      .json<{ items: { provider: { id: string }; nextFreeTimes: { startsAt: string }[] }[] }>()
      .items.find((item) => item.provider.id === fixture.providerId)!;
    await bookAppointment(session.server.database.orm, testSchedulingDependencies(), {
      organizationId: clinic.id,
      patientId: ids.maria,
      providerId: fixture.providerId,
      locationId: fixture.locationId,
      appointmentTypeId: fixture.types.followUp.id,
      startsAt: new Date(hit.nextFreeTimes[0]!.startsAt),
      holdMinutes: 5,
      bookedBy: { type: 'patient', id: ids.maria },
      rules: 'patient',
    });
    await first.click();

    const taken = page.getByRole('alert').filter({ hasText: 'Alguien acaba de tomar esa hora' });
    await taken.getByText('Otro paciente la reservó un momento antes que usted.').waitFor();
    await expect.poll(() => taken.evaluate((element) => element === document.activeElement)).toBe(true);
    const offers = taken.getByRole('button');
    expect(await offers.count()).toBeGreaterThan(0);
    const offered = await Promise.all((await offers.all()).map(nameOf));
    expect(offered).not.toContain(wanted);
    await expectAccessible(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'taken');
    await offers.first().click();

    await page.getByRole('heading', { name: 'Confirme los datos', level: 2 }).waitFor();
    await page.getByRole('region', { name: 'Su cita' }).getByText(offered[0]!).waitFor();
    await page.getByRole('button', { name: 'Confirmar la cita' }).click();
    await page.getByRole('heading', { name: 'Su cita está confirmada', level: 2 }).waitFor();
    // His number texted STOP, so the server emailed him instead; Rosa may not read his contact
    // details, so she is told the channel and not the address.
    await page.getByText('Enviamos una confirmación a Leo Lopez por correo electrónico.').waitFor();
    const confirmations = (await listOutbox(session.server.database.orm, testCipher(), clinic.id)).filter(
      (message) => message.purpose === 'appointment-confirmation',
    );
    expect(confirmations.filter((message) => [leoPhone, leoEmail].includes(message.recipient))).toEqual([
      expect.objectContaining({ channel: 'email', recipient: leoEmail }),
    ]);
    expect((await visitsOf(ids.leo)).filter((row) => row.status === 'booked')).toHaveLength(1);

    // Another visit, chosen but left unconfirmed until the hold runs out.
    await page.getByRole('button', { name: 'Pedir otra cita' }).click();
    await page.getByRole('button', { name: 'Buscar horas' }).click();
    await page.getByRole('status').getByText('3 proveedores tienen horas libres.').waitFor();
    await page.clock.install();
    await page
      .getByRole('region', { name: 'Dr. Ben Okafor, MD' })
      .getByRole('button', { name: /\(hora/ })
      .first()
      .click();
    await page.getByRole('heading', { name: 'Confirme los datos', level: 2 }).waitFor();
    expect(await page.getByRole('timer').textContent()).toMatch(/Confirme en [45]:\d\d\./);
    await page.clock.fastForward('05:01');
    const expired = page.getByRole('alert').filter({ hasText: 'La hora que eligió ya no está guardada' });
    await expired.waitFor();
    await page.getByRole('heading', { name: 'Elija una hora', level: 2 }).waitFor();
    await expect.poll(() => expired.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.getByRole('region', { name: 'Dr. Ben Okafor, MD' }).waitFor();
  });
});
