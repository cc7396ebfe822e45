/** The encrypted columns of the inbox (the field name is bound into each ciphertext). */
export const encryptedFields = {
  subject: 'conversations.subject',
  body: 'conversation_messages.body',
  attachment: 'message_attachments.content',
} as const;
