import { and, eq, inArray } from 'drizzle-orm';
import type { Orm } from '../db/connection.ts';
import { receiveInbound } from '../domains/conversations/inbound.ts';
import type { MessageSearch } from '../domains/conversations/message-search.ts';
import { checkTemplate } from '../domains/conversations/saved-reply-template.ts';
import {
  channelEndpoints,
  conversations,
  savedReplies,
  slaPolicies,
} from '../domains/conversations/schema.ts';
import { locations, teams } from '../domains/organizations/schema.ts';
import { staffMembers } from '../domains/staff/schema.ts';
import type { FieldCipher } from '../security/field-encryption.ts';

/**
 * The demo clinic's inbox: the numbers and addresses it is written to, which team answers what,
 * its opening hours and response targets, the saved replies its agents use, and a handful of
 * conversations waiting in the queue, so the desk is not empty on first sight. Outgoing texts
 * and emails go to the outbox (the default driver), where /admin/outbox shows them.
 */

export const demoChannelEndpoints = {
  sms: '+15085550199',
  email: 'care@riverside-demo.example',
} as const;

const weekdays = [1, 2, 3, 4, 5] as const;
const openingHours = {
  ...Object.fromEntries(weekdays.map((day) => [day, [{ start: '08:00', end: '18:00' }]])),
  6: [{ start: '09:00', end: '12:00' }],
};

/** Which team owns which intents and channels; the front desk takes whatever no one else claims. */
const teamRouting: Record<string, { channels: string[]; intents: string[]; isDefault?: boolean }> = {
  'front-desk': { channels: ['web', 'portal', 'sms', 'email'], intents: ['general'], isDefault: true },
  scheduling: { channels: [], intents: ['scheduling'] },
  billing: { channels: [], intents: ['billing'] },
  'nurse-line': { channels: [], intents: ['refill', 'results', 'clinical-question'] },
  'patient-relations': { channels: [], intents: ['complaint'] },
};

/** Response targets per priority (minutes): emergencies around the clock, routine work in opening hours. */
const responseTargets = [
  { priority: 'emergency', channel: null, first: 5, next: 5, businessHours: false },
  { priority: 'urgent', channel: null, first: 15, next: 15, businessHours: false },
  { priority: 'high', channel: null, first: 60, next: 60, businessHours: true },
  { priority: 'normal', channel: 'web', first: 10, next: 10, businessHours: true },
  { priority: 'normal', channel: null, first: 240, next: 240, businessHours: true },
  { priority: 'low', channel: null, first: 1440, next: 1440, businessHours: true },
] as const;

const sharedReplies = [
  {
    title: 'Greeting',
    shortcut: 'hello',
    language: 'en',
    body: 'Hi {{patient.preferredName}}, this is {{agent.name}} at {{clinic.name}}. How can I help you today?',
  },
  {
    title: 'Opening hours',
    shortcut: 'hours',
    language: 'en',
    body: 'We are open Monday to Friday from 8:00 to 18:00 and Saturday from 9:00 to 12:00 (walk-in clinic). You can also call {{location.name}} at {{location.phone}}.',
  },
  {
    title: 'Directions and parking',
    shortcut: 'parking',
    language: 'en',
    body: '{{location.name}} is at {{location.address}}. Free parking is behind the building; the entrance is on the left.',
  },
  {
    title: 'Refill request received',
    shortcut: 'refill',
    language: 'en',
    body: 'Thank you, {{patient.preferredName}}. I have sent your refill request to your care team. Refills are usually ready within 2 business days; we will text you if anything is needed.',
  },
  {
    title: 'Results are in the portal',
    shortcut: 'results',
    language: 'en',
    body: 'Your results are ready in the patient portal. Sign in with the code we send to your phone or email, and reply there if you have questions for your care team.',
  },
  {
    title: 'Closing',
    shortcut: 'bye',
    language: 'en',
    body: 'Is there anything else I can help with? Thank you for contacting {{clinic.name}}.',
  },
  {
    title: 'Saludo',
    shortcut: 'hola',
    language: 'es',
    body: 'Hola {{patient.preferredName}}, le saluda {{agent.name}} de {{clinic.name}}. ¿En qué le puedo ayudar?',
  },
  {
    title: 'Horario',
    shortcut: 'horario',
    language: 'es',
    body: 'Abrimos de lunes a viernes de 8:00 a 18:00 y los sábados de 9:00 a 12:00. También puede llamar a {{location.name}} al {{location.phone}}.',
  },
] as const;

/**
 * What is waiting when the demo opens: texts, an email and a chat, one of them urgent (triage
 * puts it first and the desk's banner announces it).
 */
const waitingMessages = [
  {
    channel: 'sms' as const,
    address: '+15085554477',
    body: 'I ran out of my insulin this morning and the pharmacy says the prescription expired. What should I do?',
    intent: 'refill',
    minutesAgo: 4,
  },
  {
    channel: 'sms' as const,
    address: '+15085553141',
    body: 'Hi, I need a refill of my lisinopril, I only have 3 pills left. Can you send it to the CVS on Park Ave?',
    intent: 'refill',
    minutesAgo: 42,
  },
  {
    channel: 'email' as const,
    address: 'dana.whitfield@example.org',
    subject: 'Question about my bill',
    body: 'Hello,\n\nI received a statement for a visit in September but I thought my insurance covered it. Could someone explain the charge?\n\nThank you,\nDana Whitfield',
    intent: 'billing',
    minutesAgo: 95,
  },
  {
    channel: 'web' as const,
    address: 'demo-visitor-parking',
    body: 'Is there parking at the Westborough office? I have an appointment tomorrow morning.',
    intent: 'general',
    minutesAgo: 6,
  },
  {
    channel: 'sms' as const,
    address: '+15085552718',
    body: 'Necesito cambiar mi cita del jueves, ¿tienen algo el viernes por la mañana?',
    intent: 'scheduling',
    minutesAgo: 18,
    language: 'es',
  },
] as const;

export async function seedDemoInbox(
  orm: Orm,
  options: {
    organizationId: string;
    mainLocationId: string;
    cipher: FieldCipher;
    search: MessageSearch;
    now?: Date;
  },
): Promise<void> {
  const { organizationId, mainLocationId } = options;
  const now = options.now ?? new Date();
  await orm.insert(channelEndpoints).values([
    { organizationId, channel: 'sms', address: demoChannelEndpoints.sms },
    { organizationId, channel: 'email', address: demoChannelEndpoints.email },
  ]);
  await orm
    .update(locations)
    .set({ businessHours: openingHours })
    .where(eq(locations.organizationId, organizationId));
  for (const [slug, routing] of Object.entries(teamRouting))
    await orm
      .update(teams)
      .set({ channels: routing.channels, intents: routing.intents, isDefault: routing.isDefault ?? false })
      .where(and(eq(teams.organizationId, organizationId), eq(teams.slug, slug)));
  await orm.insert(slaPolicies).values(
    responseTargets.map((target) => ({
      organizationId,
      priority: target.priority,
      channel: target.channel,
      firstResponseMinutes: target.first,
      nextResponseMinutes: target.next,
      businessHoursLocationId: target.businessHours ? mainLocationId : null,
    })),
  );
  for (const reply of sharedReplies) checkTemplate(reply.body);
  await orm.insert(savedReplies).values(sharedReplies.map((reply) => ({ organizationId, ...reply })));
  // Two agents are at their desks, so the widget says someone is there to answer, and the
  // clinician is on duty, so an emergency typed in the demo alerts someone by name.
  await orm
    .update(staffMembers)
    .set({ availability: 'available' })
    .where(
      and(
        eq(staffMembers.organizationId, organizationId),
        inArray(staffMembers.email, ['agent@demo.test', 'agent2@demo.test', 'clinician@demo.test']),
      ),
    );

  for (const [index, message] of waitingMessages.entries()) {
    const at = new Date(now.getTime() - message.minutesAgo * 60_000);
    const received = await receiveInbound(
      orm,
      { cipher: options.cipher, search: options.search },
      {
        contact: {
          organizationId,
          channel: message.channel,
          address: message.address,
          language: 'language' in message ? message.language : 'en',
          ...(message.channel === 'email' ? { displayName: 'Dana Whitfield' } : {}),
        },
        body: message.body,
        subject: 'subject' in message ? message.subject : null,
        provider: 'demo-seed',
        providerMessageId: `demo-${index}`,
      },
      at,
    );
    const teamSlug = Object.entries(teamRouting).find(([, routing]) =>
      routing.intents.includes(message.intent),
    )![0];
    const [team] = await orm
      .select({ id: teams.id })
      .from(teams)
      .where(and(eq(teams.organizationId, organizationId), eq(teams.slug, teamSlug)));
    await orm
      .update(conversations)
      .set({ intent: message.intent, teamId: team?.id ?? null })
      .where(eq(conversations.id, received.conversation.id));
  }
}
