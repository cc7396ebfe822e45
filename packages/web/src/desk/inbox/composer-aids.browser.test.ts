import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inTenant } from '../../../../server/src/db/tenant-scope.ts';
import { receiveSms } from '../../../../server/src/domains/channels/sms/inbound-sms.ts';
import { publishConversationChange } from '../../../../server/src/domains/conversations/live-events.ts';
import { createMessageSearch } from '../../../../server/src/domains/conversations/message-search.ts';
import { createTestClinic, createTestStaff } from '../../../../server/src/testing/clinic.ts';
import {
  type BrowserSession,
  expectAccessible,
  signInAsStaff,
  startBrowserSession,
} from '../../testing/browser-session.ts';

/**
 * The composer's plain-language and privacy aids in a real browser: an agent answering a text
 * types a reply full of shorthand, sees each medical word with the plain words patients
 * understand, swaps one in with one click, sees the reply's reading grade, and is warned before
 * sending when the reply gives the patient's date of birth over SMS. Internal notes get none of it.
 */
describe('plain-language and PHI aids in the agent composer', () => {
  let session: BrowserSession;
  let clinicId: string;
  let agentEmail: string;

  beforeAll(async () => {
    session = await startBrowserSession();
    const orm = session.server.database.orm;
    const clinic = await createTestClinic(orm, 'Cedar Hollow Family Clinic');
    clinicId = clinic.id;
    agentEmail = (await createTestStaff(orm, clinic.id, 'agent')).email;
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
        { from, to: '+16175550100', body, mediaCount: 0, providerMessageId: `SM${'5'.repeat(32)}` },
        'US',
      ),
    );
    await publishConversationChange(server.events, result.conversation, 'created');
    return result.conversation;
  }

  it('shows jargon with plain words, swaps one in one click, grades the reply and warns of PHI before sending', async () => {
    await textArrives(
      '+16175550177',
      'Hi this is Maria Ortiz, born 3/14/1962. How do I take the new water pill the doctor gave me?',
    );
    // The reply held for health information at the end is a 422 on purpose.
    const page = await session.open('/desk/inbox?view=unassigned', {
      expectedFailures: ['/api/conversations'],
    });
    await signInAsStaff(page, agentEmail);
    await page.getByRole('link', { name: /\+16175550177/ }).click();
    await page.getByRole('heading', { name: '+16175550177', level: 2 }).waitFor();

    const checks: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/reply-check')) checks.push(request.postData() ?? '');
    });
    const reply = page.getByLabel('Reply to the contact (SMS)');
    await reply.pressSequentially('Take 1 tab PRN for HTN');

    const plainWords = page.getByRole('list', { name: /Medical words/ });
    await plainWords.getByText('only when needed').waitFor();
    await plainWords.getByText('high blood pressure').waitFor();
    await expect.poll(() => plainWords.getByRole('listitem').count()).toBe(2);
    // Typing without a pause asks once, for the whole text, not once per keystroke.
    expect(checks.length).toBe(1);
    expect(JSON.parse(checks[0]!)).toMatchObject({ body: 'Take 1 tab PRN for HTN' });

    await page.getByRole('button', { name: /Use plain words for “HTN”/ }).click();
    expect(await reply.inputValue()).toBe('Take 1 tab PRN for high blood pressure');
    // The caret is after the plain words: the agent goes on typing where they were.
    await reply.pressSequentially(' today.');
    expect(await reply.inputValue()).toBe('Take 1 tab PRN for high blood pressure today.');
    await expect.poll(() => plainWords.getByRole('listitem').count()).toBe(1);
    await page.getByText(/^Reading grade \d+(\.\d)?: easy to read/).waitFor();
    await expectAccessible(page);

    // The plain words name a condition: by SMS that is health information, and the agent is told now.
    const warning = page.getByRole('note').filter({ hasText: 'This reply may contain health information' });
    await warning.getByText(/it will be held: SMS is not secure/).waitFor();
    await warning.getByText('Diagnosis: “high blood pressure”').waitFor();
    await reply.pressSequentially(' I checked your date of birth 03/14/1962 in our records.');
    await warning.getByText('Identifier: “date of birth 03/14/1962”').waitFor();
    // Nothing was sent: the warning comes before the send, and the hold after it still stands.
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByText('Held: this reply looks like health information').waitFor();

    // A long, dense reply is graded above 8.
    await reply.fill(
      'Your comprehensive metabolic evaluation demonstrated considerable abnormalities necessitating immediate pharmacological intervention.',
    );
    await page.getByText(/^Reading grade \d+(\.\d)?: above 8/).waitFor();

    // Notes stay among staff: no aids there.
    await page.getByRole('tab', { name: 'Internal note' }).click();
    await page
      .getByLabel('Internal note, seen by staff only')
      .pressSequentially('Pt has HTN, DOB 03/14/1962');
    await page.waitForTimeout(800);
    expect(await page.getByRole('list', { name: /Medical words/ }).count()).toBe(0);
    expect(await page.getByText('This reply may contain health information').count()).toBe(0);
    expect(await page.getByText(/^Reading grade/).count()).toBe(0);
  });
});
