import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inTenant } from '../../../server/src/db/tenant-scope.ts';
import { seedDemoHelpArticles } from '../../../server/src/demo/demo-help-articles.ts';
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
 * The assistant in the chat widget, in a real browser: a routine question is answered at once
 * from the clinic's help article with its link; "Talk to a person" hands the chat over, and the
 * agent sees it in the queue with the whole exchange.
 */
describe('the assistant in the chat widget', () => {
  let session: BrowserSession;
  let agentEmail: string;

  beforeAll(async () => {
    session = await startBrowserSession();
    const { database } = session.server;
    const clinic = await createTestClinic(database.orm, 'Riverside Family Health');
    await database.orm.update(organizations).set({ slug: 'demo' }).where(eq(organizations.id, clinic.id));
    await inTenant(database, clinic.id, (orm) =>
      seedDemoHelpArticles(orm, {
        organizationId: clinic.id,
        teamIds: new Map(),
        timeZone: 'America/New_York',
      }),
    );
    const agent = await createTestStaff(database.orm, clinic.id, 'agent');
    await database.orm
      .update(staffMembers)
      .set({ availability: 'available', displayName: 'Jamie Okafor' })
      .where(eq(staffMembers.id, agent.id));
    agentEmail = agent.email;
  });
  afterAll(() => session?.close());
  afterEach(async () => {
    await session.closePage();
    expect(session.problems()).toEqual([]);
  });

  it('answers a routine question from the article, and hands over to a person when asked', async () => {
    const website = await session.open('/sample-clinic.html');
    await website.getByRole('button', { name: 'Chat with us' }).click();
    const chat = website.getByRole('dialog', { name: /Message Riverside Family Health/ });
    await chat
      .getByLabel('Write your message')
      .fill('Where do I park when I come to the Main Street clinic?');
    await chat.getByRole('button', { name: 'Send' }).click();

    const answer = chat.getByRole('log').locator('[data-from="assistant"]');
    await answer.first().waitFor();
    await expect.poll(() => answer.first().textContent()).toMatch(/\/help\/demo\/en\/locations-and-parking/);
    await expect.poll(() => answer.first().textContent()).toMatch(/Did this answer your question\?/);
    await expectAccessible(website);

    await chat.getByRole('button', { name: 'Talk to a person' }).click();
    await chat
      .getByRole('log')
      .getByText('I’m passing your message to our team. A person will answer you here soon.')
      .waitFor();

    const desk = await session.openElsewhere('/desk/inbox?view=unassigned');
    await signInAsStaff(desk, agentEmail);
    await desk
      .getByRole('link', { name: /Web chat visitor/ })
      .first()
      .click();
    const thread = desk.getByRole('log', { name: 'Messages, notes and events' });
    await thread.getByText('Where do I park when I come to the Main Street clinic?').waitFor();
    await thread.getByText(/\/help\/demo\/en\/locations-and-parking/).waitFor();
    await thread.getByText('Talk to a person', { exact: true }).waitFor();
    await thread.getByText(/Assistant handed over/).waitFor();
  });
});
