-- An agent uploads a file before sending the reply that carries it: until then the file belongs
-- to its conversation and its uploader, with no message. Files that arrive with a message (an
-- email's attachments) keep naming only their message.
alter table message_attachments
  alter column message_id drop not null,
  add column conversation_id uuid references conversations (id) on delete cascade,
  add column uploaded_by_staff_id uuid references staff_members (id) on delete set null,
  add constraint message_attachments_belongs_check check (message_id is not null or conversation_id is not null);
create index message_attachments_waiting_idx on message_attachments (conversation_id) where message_id is null;
