import Mustache from 'mustache';
import { Invalid, Unprocessable } from '../../errors.ts';

/**
 * Saved replies with variables, such as "Hi {{patient.preferredName}}, call us at
 * {{location.phone}}". Written with mustache's syntax; plain text, so nothing is HTML-escaped.
 * Only the variables below exist: a template that names another is refused when it is saved,
 * and a reply is not sent with a hole in it ("Hi ,") when a value is missing.
 */
export const templateVariables = {
  'patient.preferredName': 'the name the patient goes by',
  'patient.givenName': "the patient's given name",
  'patient.familyName': "the patient's family name",
  'agent.name': 'the name of the agent who sends the reply',
  'clinic.name': "the clinic's name",
  'location.name': "the location's name",
  'location.phone': "the location's phone number",
  'location.address': "the location's address",
  'portal.link': 'the address of the patient portal',
} as const;

export type TemplateVariable = keyof typeof templateVariables;
export type TemplateValues = Partial<Record<TemplateVariable, string | null | undefined>>;

type Token = [string, string, number, number, Token[]?];

/** The variable names a template uses, in order of first use. */
function variablesOf(tokens: Token[]): string[] {
  const names: string[] = [];
  for (const [kind, value, , , children] of tokens) {
    if (kind === 'name' || kind === '&' || kind === '#' || kind === '^') names.push(value);
    // Partials would pull in text from elsewhere: not something a saved reply may do.
    if (kind === '>') names.push(`> ${value}`);
    if (children) names.push(...variablesOf(children));
  }
  return [...new Set(names)];
}

/** Checks a template when it is saved: it must parse and use only known variables. */
export function checkTemplate(template: string): TemplateVariable[] {
  let tokens: Token[];
  try {
    tokens = Mustache.parse(template) as Token[];
  } catch (error) {
    throw new Invalid(`The reply template cannot be read: ${(error as Error).message}.`, [
      { field: 'body.body', message: 'unbalanced {{ }}' },
    ]);
  }
  const used = variablesOf(tokens);
  const unknown = used.filter((name) => !(name in templateVariables));
  if (unknown.length > 0)
    throw new Invalid(
      `The template uses ${unknown.map((name) => `{{${name}}}`).join(', ')}, which PatientDesk does not know. Variables: ${Object.keys(
        templateVariables,
      )
        .map((name) => `{{${name}}}`)
        .join(', ')}.`,
      [{ field: 'body.body', message: 'unknown variable' }],
    );
  return used as TemplateVariable[];
}

/** Fills a template for one conversation; a variable without a value is an error, never a blank. */
export function renderTemplate(template: string, values: TemplateValues): string {
  const used = checkTemplate(template);
  const missing = used.filter((name) => !values[name]?.trim());
  if (missing.length > 0)
    throw new Unprocessable(
      `This reply needs ${missing.map((name) => templateVariables[name]).join(' and ')}, which this conversation does not have. Edit the text before sending.`,
      missing.map((name) => ({ field: `template.${name}`, message: 'no value' })),
    );
  const view: Record<string, Record<string, string>> = {};
  for (const name of used) {
    const [group, key] = name.split('.') as [string, string];
    view[group] = { ...view[group], [key]: values[name]!.trim() };
  }
  // Plain text: nothing is escaped (no HTML goes anywhere near SMS or the chat).
  return Mustache.render(template, view, {}, { escape: (text: string) => text });
}
