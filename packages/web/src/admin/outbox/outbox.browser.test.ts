import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { channelEndpoints } from '../../../../server/src/domains/conversations/schema.ts';
import {
  createTestClinic,
  createTestStaff,
  signInHeaders,
  testPassword,
} from '../../../../server/src/testing/clinic.ts';
import { type BrowserSession, expectAccessible, startBrowserSession } from '../../testing/browser-session.ts';

/**
 * Trying the inbox without accounts, in a real browser: an administrator simulates a text and an
 * email from the outbox page, an agent answers the email, and the answer shows up in the outbox
 * with the headers that thread it under the patient's message.
 */
describe('simulating inbound messages from the outbox page', () => {
  let session: BrowserSession;
  let clinic: Awaited<ReturnType<typeof createTestClinic>>;
  let admin: Awaited<ReturnType<typeof createTestStaff>>;
  let agent: Awaited<ReturnType<typeof createTestStaff>>;

  beforeAll(async () => {
    session = await startBrowserSession();
    const orm = session.server.database.orm;
    clinic = await createTestClinic(orm, 'Aspen Valley Clinic');
    await orm.insert(channelEndpoints).values([
      { organizationId: clinic.id, channel: 'sms', address: '+16175550100' },
      { organizationId: clinic.id, channel: 'email', address: 'hello@aspen.example' },
    ]);
    admin = await createTestStaff(orm, clinic.id, 'admin');
    agent = await createTestStaff(orm, clinic.id, 'agent');
  });
  afterAll(() => session?.close());
  afterEach(async () => {
    await session.closePage();
    expect(session.problems()).toEqual([]);
  });

  it('receives a simulated text and email, and shows the desk’s answer with its thread headers', async () => {
    // The refused text below answers 400 on purpose.
    const page = await session.open('/admin/outbox', {
      expectedFailures: ['/api/admin/outbox/simulated-inbound'],
    });
    await page.getByLabel('Work email').fill(admin.email);
    await page.getByLabel(/^Password/).fill(testPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Outbox', level: 1 }).waitFor();

    const sms = page.getByRole('region', { name: 'Simulate an incoming SMS' });
    await sms.getByLabel(/^From/).fill('not a phone');
    await sms.getByLabel(/^Message/).fill('Running late');
    await sms.getByRole('button', { name: 'Receive this text' }).click();
    await sms.getByText('is not a phone number').waitFor();
    await sms.getByLabel(/^From/).fill('+1 617 555 0142');
    await sms.getByRole('button', { name: 'Receive this text' }).click();
    await sms.getByRole('status').getByText('The message from +1 617 555 0142 is in the inbox').waitFor();

    const email = page.getByRole('region', { name: 'Simulate an incoming email' });
    await email.getByLabel(/^From/).fill('june@example.com');
    expect(await email.getByLabel(/^To/).inputValue()).toBe('hello@aspen.example');
    await email.getByLabel(/^Subject/).fill('Lost my card');
    await email.getByLabel(/^Message/).fill('I lost my card at the front desk.');
    await email.getByRole('button', { name: 'Receive this email' }).click();
    await email.getByRole('status').getByText('The message from june@example.com is in the inbox').waitFor();

    const app = session.server.app;
    const headers = await signInHeaders(app, agent.email);
    const inbox = await app.inject({ method: 'GET', url: '/api/conversations?view=all', headers });
    const conversation = inbox
      .json()
      .items.find((item: { contact: { address: string } }) => item.contact.address === 'june@example.com');
    const answered = await app.inject({
      method: 'POST',
      url: `/api/conversations/${conversation.id}/messages`,
      headers,
      payload: { kind: 'message', body: 'We found it at reception.' },
    });
    expect(answered.statusCode).toBe(201);

    await page.getByRole('button', { name: 'Check for new messages' }).click();
    const reply = page.getByRole('article', { name: 'Re: Lost my card' });
    await reply.getByText('To june@example.com').waitFor();
    await reply.getByText('Reply in a conversation').waitFor();
    await reply.getByText('We found it at reception.').waitFor();
    await reply.getByText('In-Reply-To').waitFor();
    await reply
      .getByText(/@simulated\.patientdesk\.invalid>$/)
      .first()
      .waitFor();
    await expectAccessible(page);
    await page.screenshot({ path: '/tmp/patientdesk-admin-outbox-simulate.png', fullPage: true });
  });
});
