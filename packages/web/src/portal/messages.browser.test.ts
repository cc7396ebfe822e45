import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { csrfTokenFor } from '../../../server/src/domains/identity/csrf.ts';
import { startSession } from '../../../server/src/domains/identity/sessions.ts';
import type { Organization } from '../../../server/src/domains/organizations/service.ts';
import { listOutbox } from '../../../server/src/domains/outbox/service.ts';
import { patients, proxies, proxyAuthorizations } from '../../../server/src/domains/patients/schema.ts';
import { callAs } from '../../../server/src/domains/patients/test-fixtures.ts';
import { createStaffMember } from '../../../server/src/domains/staff/service.ts';
import { createTestClinic, signInHeaders, testPassword } from '../../../server/src/testing/clinic.ts';
import { testCipher } from '../../../server/src/testing/test-cipher.ts';
import { type BrowserSession, expectAccessible, startBrowserSession } from '../testing/browser-session.ts';

/** A picture of the page for a person to look at (in /tmp); the test does not compare pixels. */
const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: `/tmp/patientdesk-${name}.png`, fullPage: true });

/** Whether the text box is where the keyboard is now. */
const isFocused = (page: Page, name: string) =>
  page.getByRole('textbox', { name }).evaluate((element) => element === document.activeElement);

describe('secure messages in the portal, in a real browser', () => {
  let session: BrowserSession;
  let clinic: Organization;
  let agent: ReturnType<typeof callAs>;
  const ids = {} as Record<'sam' | 'leo' | 'ana' | 'mia' | 'rosa', string>;

  beforeAll(async () => {
    session = await startBrowserSession();
    const orm = session.server.database.orm;
    clinic = await createTestClinic(orm, 'Harbor Family Practice');
    const rows = await orm
      .insert(patients)
      .values(
        [
          ['H-1', 'Sam', 'Ortiz', '1979-03-14', 'sam.ortiz@example.test'],
          ['H-2', 'Leo', 'Lopez', '2019-05-02', null],
          ['H-3', 'Ana', 'Lopez', '2016-02-20', null],
          ['H-4', 'Mia', 'Lopez', '2021-09-09', null],
        ].map(([mrn, givenName, familyName, birthDate, email]) => ({
          organizationId: clinic.id,
          mrn: mrn!,
          givenName: givenName!,
          familyName: familyName!,
          birthDate: birthDate!,
          email,
        })),
      )
      .returning({ id: patients.id, givenName: patients.givenName });
    const idOf = (name: string) => rows.find((row) => row.givenName === name)!.id;
    Object.assign(ids, { sam: idOf('Sam'), leo: idOf('Leo'), ana: idOf('Ana'), mia: idOf('Mia') });
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
    const parentOf = (patientId: string, scopes: ('scheduling' | 'messaging')[]) => ({
      organizationId: clinic.id,
      proxyId: ids.rosa,
      patientId,
      relationship: 'parent' as const,
      scopes,
    });
    await orm
      .insert(proxyAuthorizations)
      .values([
        parentOf(ids.leo, ['scheduling', 'messaging']),
        parentOf(ids.ana, ['messaging']),
        parentOf(ids.mia, ['scheduling']),
      ]);
    const dana = await createStaffMember(orm, {
      organizationId: clinic.id,
      email: 'dana.reyes@clinic.test',
      displayName: 'Dana Reyes',
      role: 'agent',
      password: testPassword,
    });
    agent = callAs(session.server, await signInHeaders(session.server.app, dana.email));
  });

  afterAll(() => session?.close());
  afterEach(async () => {
    await session.closePage();
    expect(session.problems()).toEqual([]);
  });

  /** Signs in on the portal's page with the one-time code the outbox holds for this address. */
  async function signInToPortal(page: Page, email: string) {
    await page.getByLabel('Email address or mobile phone').fill(email);
    await page.getByRole('button', { name: 'Send my code' }).click();
    await page.getByRole('heading', { name: 'Enter your code' }).waitFor();
    const messages = await listOutbox(session.server.database.orm, testCipher(), clinic.id);
    const message = messages.find((m) => m.recipient === email && m.purpose === 'portal-sign-in-code');
    await page.getByLabel('Digit 1 of 6').pressSequentially(/\b(\d{6})\b/.exec(message!.body)![1]!);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  /** A parent's portal session, opened as if with a one-time code (the sign-in itself is tested above). */
  async function proxyCookies() {
    const started = await startSession(
      session.server.database.orm,
      { idleMinutes: 15, maxHours: 12 },
      {
        organizationId: clinic.id,
        subjectType: 'proxy',
        subjectId: ids.rosa,
        authenticatedBy: 'one-time-code',
        portalContact: 'email:rosa@example.test',
      },
    );
    return [
      { name: 'pd_session', value: started.token },
      { name: 'pd_csrf', value: csrfTokenFor(started.token) },
    ];
  }

  const threadOf = async (conversationId: string) =>
    (await agent('GET', `/api/conversations/${conversationId}/messages`)).json<{
      items: { body: string; direction: string | null }[];
    }>();

  it('lets a patient write to the clinic, see the thread listed, read the answer when it comes, and reply once despite a lost answer', async () => {
    const page = await session.open(`/portal?clinic=${clinic.slug}`, {
      expectedFailures: ['/api/portal/messages'],
    });
    await signInToPortal(page, 'sam.ortiz@example.test');
    await page.getByRole('heading', { name: 'Hello, Sam Ortiz', level: 1 }).waitFor();

    await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Messages' }).click();
    await page.getByRole('heading', { name: 'Messages', level: 1 }).waitFor();
    await page.getByText('No messages yet.', { exact: false }).waitFor();
    await page.getByRole('note').getByText('If this is an emergency, call 911.', { exact: false }).waitFor();
    // Her own record only: nobody to choose, nobody left out.
    expect(await page.getByRole('combobox', { name: /^About/ }).count()).toBe(0);
    await expectAccessible(page);

    await page.getByLabel('Subject (optional)').fill('Cholesterol results');
    await page.getByLabel(/^Message/).fill('Are my cholesterol results back?');
    await page.getByRole('button', { name: 'Send message' }).click();
    const sent = page.getByRole('status').filter({ hasText: 'Your message was sent.' });
    await sent.waitFor();
    expect(await sent.evaluate((element) => element === document.activeElement)).toBe(true);
    const listed = page.getByRole('list').getByRole('link', { name: /Cholesterol results/ });
    await listed.waitFor();
    expect(await listed.textContent()).toMatch(/Open.*1 message/);
    expect(await page.getByLabel(/^Message/).inputValue()).toBe('');

    // The page asks the server for news every 15 seconds: take the clock in hand before it starts.
    await page.clock.install();
    await listed.click();
    await page.getByRole('heading', { name: 'Cholesterol results', level: 1 }).waitFor();
    const log = page.getByRole('log', { name: 'Messages in this conversation' });
    await log.getByText('Are my cholesterol results back?').waitFor();
    await log.getByText('You', { exact: true }).waitFor();
    const conversationId = new URL(page.url()).pathname.split('/').at(-1)!;

    const answer = await agent('POST', `/api/conversations/${conversationId}/messages`, {
      body: 'Yes: your LDL cholesterol is 96 mg/dL, within the healthy range.',
    });
    expect(answer.statusCode).toBe(201);
    await page.clock.fastForward(15_000);
    await log
      .getByText('Yes: your LDL cholesterol is 96 mg/dL', { exact: false })
      .waitFor({ timeout: 5_000 });
    // The clinic's side names who answered by first name only.
    await log.getByText('Dana', { exact: true }).waitFor();
    expect(await log.getByText('Dana Reyes').count()).toBe(0);
    await expectAccessible(page);

    // The first reply reaches the server but its answer is lost on the way back.
    await page.route(
      '**/api/portal/messages',
      async (route) => {
        await route.fetch();
        await route.abort('failed');
      },
      { times: 1 },
    );
    await page.getByRole('textbox', { name: 'Your reply' }).fill('Thank you, that is good news.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByRole('alert').getByText('PatientDesk could not be reached.', { exact: false }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Your reply' }).inputValue()).toBe(
      'Thank you, that is good news.',
    );
    await page.getByRole('button', { name: 'Send reply' }).click();
    await log.getByText('Thank you, that is good news.').waitFor();
    expect(await page.getByRole('textbox', { name: 'Your reply' }).inputValue()).toBe('');
    expect(await isFocused(page, 'Your reply')).toBe(true);
    expect(await page.getByRole('alert').count()).toBe(0);

    const stored = await threadOf(conversationId);
    expect(stored.items.map((message) => message.body)).toEqual([
      'Are my cholesterol results back?',
      'Yes: your LDL cholesterol is 96 mg/dL, within the healthy range.',
      'Thank you, that is good news.',
    ]);
    expect(await log.getByText('Thank you, that is good news.').count()).toBe(1);
    await screenshot(page, 'portal-message-thread');
  });

  it('lets a parent write about a child whose messaging they hold, and says why another child is not offered', async () => {
    const page = await session.open('/portal/messages', { cookies: await proxyCookies() });
    await page.getByRole('heading', { name: 'Messages', level: 1 }).waitFor();
    await page.getByText('You cannot write about Mia Lopez here', { exact: false }).waitFor();
    const about = page.getByRole('combobox', { name: /^About/ });
    await about.click();
    const offered = await page.getByRole('listbox').getByRole('option').allTextContents();
    expect(offered.sort()).toEqual(['Ana Lopez', 'Leo Lopez']);
    await page.getByRole('option', { name: 'Ana Lopez' }).click();
    await page.getByLabel(/^Message/).fill('Ana has had a cough for a week. Should we come in?');
    await page.getByRole('button', { name: 'Send message' }).click();
    await page.getByRole('status').filter({ hasText: 'Your message was sent.' }).waitFor();

    // No subject: the thread is named by its number, and by the child it is about.
    const listed = page.getByRole('list').getByRole('link', { name: /Conversation \d+/ });
    await listed.waitFor();
    expect(await listed.textContent()).toContain('About Ana Lopez');
    await expectAccessible(page);
    await screenshot(page, 'portal-messages-proxy');

    await listed.click();
    await page.getByText('About Ana Lopez').waitFor();
    await page
      .getByRole('log', { name: 'Messages in this conversation' })
      .getByText('Ana has had a cough for a week.', { exact: false })
      .waitFor();
    const threads = (await agent('GET', `/api/conversations?patientId=${ids.ana}`)).json<{
      items: { id: string }[];
    }>();
    expect(threads.items.map((thread) => thread.id)).toEqual([
      new URL(page.url()).pathname.split('/').at(-1),
    ]);
  });

  it('tells a person who opens a thread that is not theirs that it is not among their messages', async () => {
    const other = (await agent('GET', `/api/conversations?patientId=${ids.sam}`)).json<{
      items: { id: string }[];
    }>().items[0]!.id;
    const page = await session.open(`/portal/messages/${other}`, {
      cookies: await proxyCookies(),
      expectedFailures: [`/api/portal/conversations/${other}`],
    });
    await page.getByRole('alert').getByText('There is no such conversation among your messages.').waitFor();
    expect(await page.getByText('Are my cholesterol results back?').count()).toBe(0);
  });
});
