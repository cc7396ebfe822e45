import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { callAs, signedInPortalUser } from '../../../../server/src/domains/patients/test-fixtures.ts';
import {
  createSchedulingFixture,
  type SchedulingFixture,
} from '../../../../server/src/domains/scheduling/test-fixtures.ts';
import { createTestClinic, createTestStaff } from '../../../../server/src/testing/clinic.ts';
import {
  type BrowserSession,
  expectAccessible,
  signInAsStaff,
  startBrowserSession,
} from '../../testing/browser-session.ts';

/**
 * An agent books for a patient without leaving the conversation: the booking panel opens beside
 * the thread, the follow-up is held and booked, and it shows in the panel's upcoming list and in
 * the conversation's timeline; its day, time and place go into the reply; then it is moved and
 * cancelled from the list, each asked once more.
 */
describe('booking from the desk, beside the conversation', () => {
  let session: BrowserSession;
  let fixture: SchedulingFixture;
  let agentEmail: string;
  let conversationId: string;

  beforeAll(async () => {
    session = await startBrowserSession();
    const { server } = session;
    const orm = server.database.orm;
    const clinic = await createTestClinic(orm, 'Birchwood Family Practice');
    fixture = await createSchedulingFixture(orm, clinic.id);
    agentEmail = (await createTestStaff(orm, clinic.id, 'agent')).email;
    // The patient writes from the portal: a conversation with a known, signed-in patient.
    const email = (
      await server.database.query<{ email: string }>('select email from patients where id = $1', [
        fixture.patientId,
      ])
    ).rows[0]!.email;
    const maria = callAs(server, await signedInPortalUser(server, clinic, email));
    const sent = await maria('POST', '/api/portal/messages', {
      patientId: fixture.patientId,
      body: 'Dr. Ruiz asked me to come back in two weeks. Can you book that for me?',
      clientMessageId: randomUUID(),
    });
    expect(sent.statusCode).toBe(201);
    conversationId = sent.json().conversation.id;
  });
  afterAll(() => session?.close());
  afterEach(async () => {
    await session.closePage();
    expect(session.problems()).toEqual([]);
  });

  it('books a follow-up from the panel and shows it in the list and the timeline, in the same conversation', async () => {
    const page = await session.open(`/desk/inbox/${conversationId}`);
    await signInAsStaff(page, agentEmail);
    const thread = page.getByRole('log', { name: 'Messages, notes and events' });
    await thread.getByText('Can you book that for me?').waitFor();
    const address = page.url();
    // Anything the page remembers would be lost by a reload: the booking must happen without one.
    await page.evaluate(() => Object.assign(window, { stillTheSamePage: true }));

    const appointments = page.getByRole('region', { name: 'Appointments', exact: true });
    await appointments.getByText('No upcoming appointments.').waitFor();
    await appointments.getByRole('button', { name: 'Book appointment' }).click();

    const panel = page.getByRole('region', { name: 'Appointments for Maria Lopez' });
    await panel.waitFor();
    // The thread stays in view beside the panel.
    expect(await thread.getByText('Can you book that for me?').isVisible()).toBe(true);
    await panel.getByLabel('Kind of visit').selectOption({ label: 'Follow-up visit (15 min)' });
    const results = panel.getByRole('list', { name: 'Providers with free time, soonest first' });
    const provider = results.getByRole('listitem').filter({ hasText: 'Dr. Ana Ruiz, MD' }).first();
    await provider.getByRole('button', { name: 'Show calendar' }).click();
    const calendar = provider.getByRole('region', { name: 'Calendar of Dr. Ana Ruiz, MD' });
    // The last time of the first week's last free day: any free time will do.
    const time = calendar.getByRole('button', { name: /, Main Street Clinic$/ }).last();
    await time.waitFor();
    await time.click();

    const details = panel.getByRole('form', { name: 'Details of the visit' });
    const held = (await details.getByText(/^Follow-up visit with Dr\. Ana Ruiz, MD, /).textContent())!;
    // "Follow-up visit with Dr. Ana Ruiz, MD, Tue, Mar 10, 4:45 PM EST, Main Street Clinic"
    const when = held
      .replace('Follow-up visit with Dr. Ana Ruiz, MD, ', '')
      .replace(', Main Street Clinic', '');
    await details.getByLabel('Reason for the visit').fill('Blood pressure check after the new dose');
    await details.getByRole('button', { name: 'Book' }).click();

    const booked = panel.getByRole('status').filter({ hasText: 'Booked' });
    // Where the server sent the patient's confirmation: her mobile, most of the number hidden.
    await booked.getByText('Confirmation sent by text message to •••• 0123.').waitFor();
    const upcoming = panel.getByRole('list', { name: 'Upcoming' });
    await upcoming
      .getByRole('listitem')
      .filter({ hasText: when })
      .getByText('Follow-up visit with Dr. Ana Ruiz, MD')
      .waitFor();
    await thread.getByText(`Booked Follow-up visit with Dr. Ana Ruiz, MD on ${when}`).waitFor();

    await panel.getByRole('button', { name: 'Put day, time and place in the reply' }).click();
    const reply = page.getByLabel(/^Reply to the contact/);
    expect(await reply.inputValue()).toMatch(
      /^Your visit is on .+\. It is at Main Street Clinic, 12 Main Street, Springfield\.$/,
    );
    expect(await reply.inputValue()).not.toContain('Follow-up');
    await expectAccessible(page);

    // Moved to another time of the calendar, asked once more.
    await upcoming.getByRole('button', { name: `Move the visit on ${when}` }).click();
    const moving = page.getByRole('dialog', { name: 'Move the appointment' });
    await moving
      .getByRole('button', { name: /, Main Street Clinic$/ })
      .first()
      .click();
    await moving.getByText(/^Move it to .+ with Dr\. Ana Ruiz, MD\?$/).waitFor();
    await moving.getByRole('button', { name: 'Move appointment' }).click();
    await moving.waitFor({ state: 'detached' });
    const moved = thread.getByText(`Moved Follow-up visit with Dr. Ana Ruiz, MD from ${when} to `);
    await moved.waitFor();
    // "Moved … from <when> to <new when> · Test agent · <when it was done>"
    const newWhen = / to (.+?) · /.exec((await moved.textContent())!)![1]!;

    // Cancelled, asked once more: the timeline says so, the list no longer has it as booked.
    await upcoming.getByRole('button', { name: `Cancel the visit on ${newWhen}` }).click();
    const cancelling = page.getByRole('dialog', { name: 'Cancel this appointment?' });
    await cancelling.getByRole('button', { name: 'Cancel appointment' }).click();
    await thread
      .getByText(`Cancelled Follow-up visit with Dr. Ana Ruiz, MD on ${newWhen} (by the clinic)`)
      .waitFor();
    await upcoming
      .getByRole('listitem')
      .filter({ hasText: newWhen })
      .getByText('Cancelled', { exact: true })
      .waitFor();

    await panel.getByRole('button', { name: 'Back to details' }).click();
    await appointments.getByText('No upcoming appointments.').waitFor();
    expect(page.url()).toBe(address);
    expect(await page.evaluate(() => (window as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);
  });
});
