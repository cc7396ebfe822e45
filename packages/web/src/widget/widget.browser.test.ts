import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { savedReplies } from '../../../server/src/domains/conversations/schema.ts';
import { organizations } from '../../../server/src/domains/organizations/schema.ts';
import { addPatient } from '../../../server/src/domains/patients/test-fixtures.ts';
import { staffMembers } from '../../../server/src/domains/staff/schema.ts';
import { createTestClinic, createTestStaff } from '../../../server/src/testing/clinic.ts';
import {
  type BrowserSession,
  expectAccessible,
  signInAsStaff,
  startBrowserSession,
} from '../testing/browser-session.ts';

/**
 * The demo's promise, in two real browsers: a patient writes in the chat widget on the clinic's
 * website, the message arrives live at an agent in /desk, each sees the other typing, the agent
 * verifies who is writing and answers with a saved reply, and the answer appears in the widget
 * without a reload.
 */
describe('the chat widget and the agent desk', () => {
  let session: BrowserSession;
  let agentEmail: string;

  beforeAll(async () => {
    session = await startBrowserSession();
    const orm = session.server.database.orm;
    // The sample clinic website embeds the widget of the clinic called "demo".
    const clinic = await createTestClinic(orm, 'Riverside Family Health');
    await orm.update(organizations).set({ slug: 'demo' }).where(eq(organizations.id, clinic.id));
    const agent = await createTestStaff(orm, clinic.id, 'agent');
    await orm
      .update(staffMembers)
      .set({ availability: 'available', displayName: 'Jamie Okafor' })
      .where(eq(staffMembers.id, agent.id));
    agentEmail = agent.email;
    await addPatient(orm, clinic.id, { givenName: 'Maya', familyName: 'Kowalski', birthDate: '1984-02-29' });
    await orm.insert(savedReplies).values({
      organizationId: clinic.id,
      title: 'Parking',
      shortcut: 'parking',
      language: 'en',
      body: 'Hi {{patient.preferredName}}, this is {{agent.name}}. Yes: free parking is behind the building.',
    });
  });
  afterAll(() => session?.close());
  afterEach(async () => {
    await session.closePage();
    expect(session.problems()).toEqual([]);
  });

  it('carries a chat from the clinic website to the desk and the answer back, live both ways', async () => {
    const desk = await session.open('/desk/inbox?view=unassigned');
    await signInAsStaff(desk, agentEmail);
    await desk.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
    await desk.getByRole('status').filter({ hasText: 'Live' }).waitFor();

    const website = await session.openElsewhere('/sample-clinic.html');
    await website.getByRole('button', { name: 'Chat with us' }).click();
    const chat = website.getByRole('dialog', { name: /Message Riverside Family Health/ });
    await chat.getByText('We are here and will answer shortly.').waitFor();
    await chat
      .getByLabel('Write your message')
      .fill('Hi, this is Maya Kowalski. Is there parking at the clinic?');
    await chat.getByRole('button', { name: 'Send' }).click();
    await chat.getByRole('log').getByText('Is there parking at the clinic?').waitFor();

    // The agent's queue shows it without a reload.
    const queued = desk.getByRole('link', { name: /Web chat visitor/ });
    await queued.waitFor();
    await queued.click();
    await desk.getByRole('heading', { name: 'Web chat visitor', level: 2 }).waitFor();
    await desk
      .getByRole('log', { name: 'Messages, notes and events' })
      .getByText('Hi, this is Maya Kowalski. Is there parking at the clinic?')
      .waitFor();
    await expectAccessible(desk);

    // The visitor typing shows at the desk.
    await chat.getByLabel('Write your message').pressSequentially('Thank');
    await desk.getByText('The contact is typing…').waitFor();

    // Verify who is writing: find the patient, check two identifiers the visitor gave.
    await desk.getByRole('button', { name: 'Verify identity' }).click();
    const verify = desk.getByRole('dialog', { name: 'Verify the contact’s identity' });
    await verify.getByLabel('Find the patient').fill('Kowalski');
    await verify.getByRole('radio', { name: /Maya Kowalski/ }).check();
    await verify.getByLabel('Full name').fill('Maya Kowalski');
    await verify.getByLabel('Date of birth').fill('1984-02-29');
    await verify.getByRole('button', { name: 'Check and link' }).click();
    await verify.waitFor({ state: 'detached' });
    await desk.getByText('Identity verified', { exact: false }).first().waitFor();

    // Answer with a saved reply: "/" and its shortcut, filled in for this verified patient.
    const reply = desk.getByLabel('Reply to the contact (Web chat)');
    await reply.pressSequentially('/park');
    await desk.getByRole('option', { name: /parking/i }).waitFor();
    await reply.press('ArrowDown');
    await reply.press('Enter');
    await expect
      .poll(() => reply.inputValue())
      .toBe('Hi Maya, this is Jamie Okafor. Yes: free parking is behind the building.');
    await chat.getByText('Riverside Family Health is typing…').waitFor();
    await desk.getByRole('button', { name: 'Send reply' }).click();

    // The answer arrives in the widget live, signed with the agent's first name.
    const answer = chat.getByRole('log').locator('[data-from="agent"]');
    await answer
      .getByText('Hi Maya, this is Jamie Okafor. Yes: free parking is behind the building.')
      .waitFor();
    await answer.getByText('Jamie', { exact: true }).waitFor();
  });
});
