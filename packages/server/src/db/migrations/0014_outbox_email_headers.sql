-- The headers a conversation's email would have been sent with (From, Message-ID, In-Reply-To,
-- References), kept with the outbox copy so /admin/outbox shows the thread as a mail program
-- would file it. Addresses and ids only: the subject and body stay in their own columns.
alter table outbox_messages add column email_headers jsonb;
