-- Lists the pages show: a user's own cases (MyCases, and Appeal finding
-- the flag case of a strike whatever its status) read cases by user, and
-- proposals by job and reviews by subject are listed newest first, with
-- seq to break ties between equal times as the other tables do.
CREATE INDEX cases_user ON cases (user_id, created_at);
ALTER TABLE proposals ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE reviews ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
