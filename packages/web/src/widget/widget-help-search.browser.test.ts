import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inTenant } from '../../../server/src/db/tenant-scope.ts';
import { seedDemoHelpArticles } from '../../../server/src/demo/demo-help-articles.ts';
import { organizations } from '../../../server/src/domains/organizations/schema.ts';
import { createTestClinic } from '../../../server/src/testing/clinic.ts';
import { type BrowserSession, expectAccessible, startBrowserSession } from '../testing/browser-session.ts';

/**
 * Help search in the chat widget on the sample clinic website: collapsed until asked for, used
 * with the keyboard alone, it finds the clinic's parking article in the visitor's language and
 * opens the help-centre page in a new tab, leaving the chat where it was.
 */
describe('help search in the chat widget', () => {
  let session: BrowserSession;

  beforeAll(async () => {
    session = await startBrowserSession();
    const { database } = session.server;
    // The sample clinic website embeds the widget of the clinic called "demo".
    const clinic = await createTestClinic(database.orm, 'Riverside Family Health');
    await database.orm.update(organizations).set({ slug: 'demo' }).where(eq(organizations.id, clinic.id));
    await inTenant(database, clinic.id, (orm) =>
      seedDemoHelpArticles(orm, {
        organizationId: clinic.id,
        teamIds: new Map(),
        timeZone: 'America/New_York',
      }),
    );
  });
  afterAll(() => session?.close());
  afterEach(async () => {
    await session.closePage();
    expect(session.problems()).toEqual([]);
  });

  it('finds the parking article with the keyboard alone, and opens it in a new tab', async () => {
    const website = await session.open('/sample-clinic.html');
    await website.getByRole('button', { name: 'Chat with us' }).click();
    const chat = website.getByRole('dialog', { name: /Message Riverside Family Health/ });
    const toggle = chat.getByRole('button', { name: 'Search our help articles' });
    // Collapsed at first: the chat comes first.
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await chat.getByRole('searchbox').count()).toBe(0);

    await toggle.focus();
    await website.keyboard.press('Enter');
    const field = chat.getByRole('searchbox', { name: 'Search our help articles' });
    await expect
      .poll(() =>
        field.evaluate((element) => element === (element.getRootNode() as ShadowRoot).activeElement),
      )
      .toBe(true);
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await website.keyboard.type('where do I park');
    await website.keyboard.press('Enter');

    await chat.getByRole('status').filter({ hasText: 'Articles that may answer your question' }).waitFor();
    const results = chat.getByRole('list').getByRole('link');
    await results.first().waitFor();
    expect(await results.count()).toBeLessThanOrEqual(5);
    const parking = chat.getByRole('link', { name: 'Where are your clinics, and where do I park?' });
    expect(await parking.getAttribute('href')).toMatch(/\/help\/demo\/en\/locations-and-parking$/);
    expect(await parking.getAttribute('target')).toBe('_blank');
    expect(await parking.getAttribute('rel')).toBe('noopener');
    await expectAccessible(website);

    // Opening it leaves the chat page as it was, with the help-centre page in a new tab. (Tests
    // run on a port the server's public address does not name, so that tab opens the same path.)
    const [tab] = await Promise.all([website.context().waitForEvent('page'), parking.press('Enter')]);
    expect(await chat.isVisible()).toBe(true);
    await tab.goto(`${session.server.address}${new URL((await parking.getAttribute('href'))!).pathname}`);
    await tab.getByRole('heading', { name: 'Where are your clinics, and where do I park?' }).waitFor();
  });

  it('searches the Spanish articles for a visitor who reads Spanish, and says when nothing matches', async () => {
    const website = await session.open('/sample-clinic.html', { locale: 'es-US' });
    await website.getByRole('button', { name: 'Chatee con nosotros' }).click();
    const chat = website.getByRole('dialog', { name: /Escriba a Riverside Family Health/ });
    await chat.getByRole('button', { name: 'Buscar en nuestros artículos de ayuda' }).click();
    const field = chat.getByRole('searchbox', { name: 'Buscar en nuestros artículos de ayuda' });
    await field.fill('dónde me estaciono');
    await chat.getByRole('button', { name: 'Buscar', exact: true }).click();
    const parking = chat.getByRole('link', { name: '¿Dónde quedan las clínicas y dónde me estaciono?' });
    await parking.waitFor();
    expect(await parking.getAttribute('href')).toMatch(/\/help\/demo\/es\/locations-and-parking$/);

    await field.fill('qwxz vbnm');
    await field.press('Enter');
    await chat.getByRole('status').filter({ hasText: 'Ningún artículo coincide' }).waitFor();
    expect(await chat.getByRole('list').getByRole('link').count()).toBe(0);
    await expectAccessible(website);
  });
});
