import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { organizations } from '../../../server/src/domains/organizations/schema.ts';
import { staffMembers } from '../../../server/src/domains/staff/schema.ts';
import { createTestClinic, createTestStaff } from '../../../server/src/testing/clinic.ts';
import {
  type BrowserSession,
  expectAccessible,
  signInAsStaff,
  startBrowserSession,
} from '../testing/browser-session.ts';

/**
 * Patient safety in two real browsers: a visitor on the clinic's website types an emergency into
 * the chat widget and gets the safety reply with the acknowledgement of their own message (one
 * round trip, no waiting for anyone); at the desk the conversation jumps above the routine one
 * that was waiting longer, with the phrase that fired marked, and the on-duty clinician can
 * correct the triage in one click.
 */
describe('an emergency typed in the chat widget', () => {
  let session: BrowserSession;
  let clinicianEmail: string;

  beforeAll(async () => {
    session = await startBrowserSession();
    const orm = session.server.database.orm;
    const clinic = await createTestClinic(orm, 'Riverside Family Health');
    await orm.update(organizations).set({ slug: 'demo' }).where(eq(organizations.id, clinic.id));
    const clinician = await createTestStaff(orm, clinic.id, 'clinician');
    await orm
      .update(staffMembers)
      .set({ availability: 'available', displayName: 'Rosa Delgado' })
      .where(eq(staffMembers.id, clinician.id));
    clinicianEmail = clinician.email;
  });
  afterAll(() => session?.close());
  afterEach(async () => {
    await session.closePage();
    expect(session.problems()).toEqual([]);
  });

  it('answers with the safety reply at once and puts the conversation first at the desk', async () => {
    const desk = await session.open('/desk/inbox?view=unassigned');
    await signInAsStaff(desk, clinicianEmail);
    await desk.getByRole('status').filter({ hasText: 'Live' }).waitFor();

    // Someone asked about parking first: a routine question, waiting longer.
    const website = await session.openElsewhere('/sample-clinic.html');
    await website.getByRole('button', { name: 'Chat with us' }).click();
    const chat = website.getByRole('dialog', { name: /Message Riverside Family Health/ });
    await chat.getByLabel('Write your message').fill('Where can I park for my visit tomorrow?');
    await chat.getByRole('button', { name: 'Send' }).click();
    await chat.getByRole('log').getByText('Where can I park').waitFor();
    await desk
      .getByRole('link', { name: /Web chat visitor/ })
      .first()
      .waitFor();

    const other = await session.openElsewhere('/sample-clinic.html');
    await other.getByRole('button', { name: 'Chat with us' }).click();
    const urgentChat = other.getByRole('dialog', { name: /Message Riverside Family Health/ });
    await urgentChat
      .getByLabel('Write your message')
      .fill('my dad is clutching his chest and sweating, he is 70');
    await urgentChat.getByRole('button', { name: 'Send' }).click();
    const log = urgentChat.getByRole('log');
    await log.getByText('my dad is clutching his chest').waitFor();
    // The safety reply came back with the message itself: it is on screen already, no wait.
    expect(await log.getByText(/If this is an emergency, call 911 now/).count()).toBe(1);

    // At the desk: the banner for the clinician on duty, and the emergency first in the queue.
    await desk.getByRole('alert').getByText('You are alerted as the clinician on duty.').waitFor();
    const queue = desk.getByRole('link', { name: /Web chat visitor/ });
    await expect.poll(() => queue.count()).toBe(2);
    await expect.poll(() => queue.first().textContent()).toMatch(/Emergency/);
    await queue.first().click();
    const thread = desk.getByRole('log', { name: 'Messages, notes and events' });
    await thread.locator('mark', { hasText: 'clutching his chest' }).waitFor();
    await thread.getByText(/If this is an emergency, call 911 now/).waitFor();
    await expectAccessible(desk);

    // Why, and a one-click correction by the clinician (kept for retraining).
    await thread.getByRole('button', { name: 'Why?' }).first().click();
    await thread.getByText(/Emergency red flag “Chest pain or pressure”/).waitFor();
    await thread
      .getByRole('group', { name: 'Correct the triage:' })
      .getByRole('button', { name: 'Urgent' })
      .click();
    await thread.getByText(/corrected by Rosa Delgado/).waitFor();
    await desk
      .getByText(/Triage corrected from Emergency, Clinical question to Urgent, Clinical question/)
      .waitFor();
  });
});
