import EmailReplyParser from 'email-reply-parser';

const parser = new EmailReplyParser();

/**
 * What the person wrote in an email reply, without the quoted history below it and without their
 * signature ("On Mon, ... wrote:", "> ...", "-----Original Message-----", "-- ", "Sent from my
 * iPhone", and their Spanish and other-language forms, through email-reply-parser). Agents read
 * the new words; the full text stays with the message for anyone who needs it.
 */
export function visibleReplyText(plainText: string): string {
  const normalised = plainText.replace(/\r\n?/g, '\n');
  const reply = parser.parseReply(normalised).trim();
  // A message that is only a quote (someone forwarded without a word) keeps its text.
  return reply === '' ? normalised.trim() : reply;
}
