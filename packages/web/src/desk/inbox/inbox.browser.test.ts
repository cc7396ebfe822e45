import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inTenant } from '../../../../server/src/db/tenant-scope.ts';
import { receiveSms } from '../../../../server/src/domains/channels/sms/inbound-sms.ts';
import { publishConversationChange } from '../../../../server/src/domains/conversations/live-events.ts';
import { createMessageSearch } from '../../../../server/src/domains/conversations/message-search.ts';
import { conversations } from '../../../../server/src/domains/conversations/schema.ts';
import { staffMembers } from '../../../../server/src/domains/staff/schema.ts';
import { createTestClinic, createTestStaff } from '../../../../server/src/testing/clinic.ts';
import {
  type BrowserSession,
  expectAccessible,
  signInAsStaff,
  startBrowserSession,
} from '../../testing/browser-session.ts';

/**
 * The agent's inbox in a real browser: a text arrives and shows in the unassigned queue live,
 * the agent opens it, a reply with health information is held, a plain reply goes out with its
 * delivery status, a note mentions a colleague, resolving moves it to Resolved, and an emergency
 * brings up the banner until the agent takes it.
 */
describe('the agent inbox in a real browser', () => {
  let session: BrowserSession;
  let clinicId: string;
  let agentEmail: string;
  let colleagueMention: string;
  let sids = 0;

  beforeAll(async () => {
    session = await startBrowserSession();
    const orm = session.server.database.orm;
    const clinic = await createTestClinic(orm, 'Birchwood Family Practice');
    clinicId = clinic.id;
    const agent = await createTestStaff(orm, clinic.id, 'agent');
    agentEmail = agent.email;
    // Available: emergencies are announced to available agents only.
    await orm.update(staffMembers).set({ availability: 'available' }).where(eq(staffMembers.id, agent.id));
    const colleague = await createTestStaff(orm, clinic.id, 'agent');
    await orm
      .update(staffMembers)
      .set({ displayName: 'Dana Whitfield' })
      .where(eq(staffMembers.id, colleague.id));
    colleagueMention = colleague.email.split('@')[0]!;
  });
  afterAll(() => session?.close());
  afterEach(async () => {
    await session.closePage();
    expect(session.problems()).toEqual([]);
  });

  /** A text from `from`, stored and announced the way the Twilio webhook does it. */
  async function textArrives(from: string, body: string) {
    const { server } = session;
    const result = await inTenant(server.database, clinicId, (orm) =>
      receiveSms(
        orm,
        { cipher: server.cipher, search: createMessageSearch(server.cipher) },
        clinicId,
        {
          from,
          to: '+16175550100',
          body,
          mediaCount: 0,
          providerMessageId: `SM${String(++sids).padStart(32, '0')}`,
        },
        'US',
      ),
    );
    await publishConversationChange(server.events, result.conversation, 'created');
    return result.conversation;
  }

  it('shows a text live, answers it, notes it with a mention, resolves it, and announces an emergency', async () => {
    // The reply held for health information is a 422 on purpose.
    const page = await session.open('/desk/inbox?view=unassigned', {
      expectedFailures: ['/api/conversations'],
    });
    await signInAsStaff(page, agentEmail);
    await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
    await page.getByText('Every conversation has someone on it.').waitFor();
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    // Anything the page remembers would be lost by a reload: the text must arrive without one.
    await page.evaluate(() => Object.assign(window, { stillTheSamePage: true }));

    await textArrives('+16175550142', 'Hi, can I move my appointment to Friday?');
    const queued = page.getByRole('link', { name: /\+16175550142/ });
    await queued.waitFor();
    await queued.getByText(/waiting (under a minute|\d+ min)/).waitFor();
    expect(await page.evaluate(() => (window as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);

    await queued.click();
    await page.getByRole('heading', { name: '+16175550142', level: 2 }).waitFor();
    // The text shows twice: in the thread, and as the queue's preview of the latest message.
    await page
      .getByRole('log', { name: 'Messages, notes and events' })
      .getByText('Hi, can I move my appointment to Friday?')
      .waitFor();
    await page.getByText('Identity not verified').waitFor();
    await expectAccessible(page);

    const reply = page.getByLabel('Reply to the contact (SMS)');
    await reply.fill('Your lab results show your diabetes medication needs a change.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByText('Held: this reply looks like health information').waitFor();
    await page.getByText(/verify the contact’s identity first/).waitFor();

    await reply.fill('Of course. Which time on Friday suits you?');
    await page.getByRole('button', { name: 'Send reply' }).click();
    const answer = page.getByRole('article').filter({ hasText: 'Which time on Friday suits you?' });
    await answer.getByText('Sent', { exact: true }).waitFor();

    await page.getByRole('tab', { name: 'Internal note' }).click();
    const note = page.getByLabel('Internal note, seen by staff only');
    await note.pressSequentially('Patient prefers mornings, @Dana');
    await page.getByRole('option', { name: /Dana Whitfield @/ }).waitFor();
    await note.press('ArrowDown');
    await note.press('Enter');
    expect(await note.inputValue()).toBe(`Patient prefers mornings, @${colleagueMention} `);
    await note.pressSequentially('can you call her back?');
    await page.getByRole('button', { name: 'Add note' }).click();
    const added = page.getByRole('article', { name: /Internal note by/ });
    await added.getByText('Mentioned: Dana Whitfield').waitFor();

    await page.getByRole('button', { name: 'Resolve' }).click();
    await page.getByRole('button', { name: 'Reopen' }).first().waitFor();
    // At 1280 px, with a conversation open, the views are a picker above the queue.
    await page.getByRole('combobox', { name: 'View' }).selectOption('resolved');
    await page
      .getByRole('list', { name: 'Conversations: Resolved' })
      .getByRole('link', { name: /\+16175550142/ })
      .waitFor();

    const emergency = await textArrives('+16175550199', 'My father collapsed and is not breathing well');
    await session.server.database.orm
      .update(conversations)
      .set({ priority: 'emergency' })
      .where(eq(conversations.id, emergency.id));
    await publishConversationChange(
      session.server.events,
      { ...emergency, priority: 'emergency' },
      'updated',
    );
    const banner = page
      .getByRole('alert')
      .filter({ hasText: 'An emergency is waiting for someone to take it' });
    await banner.waitFor();
    await banner.getByRole('button', { name: 'Take it' }).click();
    await page.getByRole('heading', { name: '+16175550199', level: 2 }).waitFor();
    await banner.waitFor({ state: 'detached' });
    // One long flow through one page load: slower than a short test, much faster than several.
  }, 120_000);
});
