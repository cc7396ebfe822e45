import { randomUUID } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import { count } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inTenant } from '../../../../server/src/db/tenant-scope.ts';
import { seedDemoHelpArticles } from '../../../../server/src/demo/demo-help-articles.ts';
import { assistantAnswers } from '../../../../server/src/domains/assistant/schema.ts';
import { createTestClinic, createTestStaff, testPassword } from '../../../../server/src/testing/clinic.ts';
import {
  type BrowserSession,
  expectAccessible,
  signInAsStaff,
  startBrowserSession,
} from '../../testing/browser-session.ts';

/**
 * The supervisor's "Frequent requests" page, after two patients wrote in the chat on the
 * clinic's website: one asked where to park (the assistant answered from the article, and the
 * patient said it helped), the other asked something no article answers. The page shows what
 * the assistant achieved and the question that is waiting for an article.
 */
describe('frequent requests', () => {
  let session: BrowserSession;
  let supervisorEmail: string;
  let agentEmail: string;

  /** A visitor writes in the clinic's chat widget, as the widget itself would. */
  async function chatVisitor(slug: string) {
    const root = `${session.server.address}/api/widget/${slug}`;
    const visitor = await fetch(`${root}/visitors`, { method: 'POST' });
    const { token } = (await visitor.json()) as { token: string };
    return async (body: string) => {
      const sent = await fetch(`${root}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ body, clientMessageId: randomUUID(), language: 'en' }),
      });
      expect(sent.status, await sent.clone().text()).toBeLessThan(300);
    };
  }

  beforeAll(async () => {
    session = await startBrowserSession();
    const { database } = session.server;
    const clinic = await createTestClinic(database.orm, 'Riverside Family Health');
    await inTenant(database, clinic.id, (orm) =>
      seedDemoHelpArticles(orm, {
        organizationId: clinic.id,
        teamIds: new Map(),
        timeZone: 'America/New_York',
      }),
    );
    supervisorEmail = (await createTestStaff(database.orm, clinic.id, 'supervisor')).email;
    agentEmail = (await createTestStaff(database.orm, clinic.id, 'agent')).email;

    const parking = await chatVisitor(clinic.slug);
    await parking('Where do I park when I come to the Main Street clinic?');
    await parking('Yes');
    const giftCards = await chatVisitor(clinic.slug);
    await giftCards('Do you sell gift cards for the cafeteria?');
    // The assistant has answered one question and said it could not answer the other.
    const answers = async () => {
      const [row] = await inTenant(database, clinic.id, (orm) =>
        orm.select({ answers: count() }).from(assistantAnswers),
      );
      return row?.answers ?? 0;
    };
    for (let tries = 0; (await answers()) < 2 && tries < 50; tries++) await setTimeout(100);
    expect(await answers()).toBe(2);
  });
  afterAll(() => session?.close());
  afterEach(async () => {
    await session.closePage();
    expect(session.problems()).toEqual([]);
  });

  it('shows what the assistant answered and the question no article answers yet', async () => {
    const page = await session.open('/desk');
    await signInAsStaff(page, supervisorEmail);
    await page.getByRole('link', { name: 'Inbox overview' }).click();
    await page.getByRole('heading', { name: 'Inbox overview', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Frequent requests' }).click();
    await page.getByRole('heading', { name: 'Frequent requests', level: 1 }).waitFor();

    const figure = (name: string) => page.getByRole('group', { name, exact: true });
    await figure('Answered from an article').getByText('1', { exact: true }).waitFor();
    await figure('Answered from an article')
      .getByText('Patients said it helped: 1 · it did not: 0')
      .waitFor();
    await figure('Could not answer').getByText('1', { exact: true }).waitFor();
    await figure('Resolved without a person').getByText('1', { exact: true }).waitFor();
    await figure('Handed to a person').getByText('0', { exact: true }).waitFor();
    // One of the two questions it saw needed no person.
    await figure('Deflection rate').getByText('50%').waitFor();

    const week = page.getByRole('region', { name: /^Week of / }).first();
    const unanswered = week
      .getByRole('listitem')
      .filter({ hasText: 'Do you sell gift cards for the cafeteria?' });
    await unanswered.getByText('Asked once').waitFor();
    expect(
      await unanswered.getByRole('link', { name: 'Write an article for this' }).getAttribute('href'),
    ).toBe('/desk/knowledge/new?audience=public');
    // What people asked for: the triage intents of the week's messages, with their counts.
    const intents = week.getByRole('table');
    await intents.getByRole('rowheader').first().waitFor();
    expect(await intents.getByRole('rowheader').count()).toBeGreaterThan(0);
    await expectAccessible(page);

    // Another period asks again; the figures stay those of the same two questions.
    await page.getByText('7 days', { exact: true }).click();
    await expect.poll(() => page.getByText(/^From .+ to .+$/).textContent()).toMatch(/^From .+ to .+$/);
    await figure('Answered from an article').getByText('1', { exact: true }).waitFor();

    // The unanswered question leads to the editor, to write the public article it calls for.
    await page.getByRole('link', { name: 'Write an article for this' }).first().click();
    await page.getByRole('heading', { name: 'New article', level: 1 }).waitFor();
  });

  it('reads in Spanish', async () => {
    const page = await session.open('/desk/inbox/requests', { locale: 'es-US' });
    // The sign-in page in Spanish.
    await page.getByLabel('Correo de trabajo').fill(supervisorEmail);
    await page.getByLabel(/^Contraseña/).fill(testPassword);
    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await page.getByRole('heading', { name: 'Consultas frecuentes', level: 1 }).waitFor();
    await page.getByRole('group', { name: 'Tasa de resolución automática' }).getByText('50 %').waitFor();
    await page.getByText('Preguntada una vez').waitFor();
    await expectAccessible(page);
  });

  it('is for supervisors: the desk offers it to no one else', async () => {
    const page = await session.open('/desk');
    await signInAsStaff(page, agentEmail);
    await page.getByRole('link', { name: 'Open the inbox' }).waitFor();
    expect(await page.getByRole('link', { name: 'Frequent requests' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Assistant and safety settings' }).count()).toBe(0);
  });
});
