-- A campaign's own title (issue 18): managers rename a campaign or a duplicate for the next period;
-- NULL shows the form's title, as before.
ALTER TABLE campaigns ADD COLUMN title text;

-- The audit page filters by action and pages by id, newest first.
CREATE INDEX audit_log_action ON audit_log(action, id);
