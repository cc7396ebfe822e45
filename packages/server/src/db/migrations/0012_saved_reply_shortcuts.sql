-- A saved reply's shortcut ("/hours") picks one reply: unique among the organisation's shared
-- replies, and among each staff member's personal ones (owner null means shared, so nulls are
-- not distinct here). The service checks first for a friendly message; this index settles races.
create unique index saved_replies_shortcut_idx
  on saved_replies (organization_id, owner_staff_id, shortcut) nulls not distinct
  where shortcut is not null;
