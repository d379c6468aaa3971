-- Lists the pages show: a user's own cases (MyCases, and Appeal finding
-- the flag case of a strike whatever its status) read cases by user.
-- Proposals by job and reviews by subject have their indexes already;
-- rowid breaks ties between equal times.
CREATE INDEX cases_user ON cases (user_id, created_at);
