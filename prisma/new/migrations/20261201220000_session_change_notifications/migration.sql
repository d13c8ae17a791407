-- Session changes for the per-process session caches (@userbridge/session): every change that must end
-- or alter a cached session sends NOTIFY userbridge_sessions, delivered when its transaction commits.
-- Payloads: 's:<sessionToken hash>' (a session deleted or changed), 'u:<user id>' (a user deleted, or its
-- email, name or password changed), '*' (a table truncated: drop everything). lastSeenAt-only updates
-- (the idle-timeout touch) send nothing. Prisma's schema does not describe triggers; they live here.

CREATE FUNCTION "userbridge_notify_session_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify('userbridge_sessions', '*');
  ELSIF TG_TABLE_NAME = 'Session' THEN
    PERFORM pg_notify('userbridge_sessions', 's:' || OLD."sessionToken");
  ELSE
    PERFORM pg_notify('userbridge_sessions', 'u:' || OLD."id");
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Session_notify_delete" AFTER DELETE ON "Session"
  FOR EACH ROW EXECUTE FUNCTION "userbridge_notify_session_change"();

CREATE TRIGGER "Session_notify_update" AFTER UPDATE ON "Session"
  FOR EACH ROW
  WHEN (OLD."sessionToken" IS DISTINCT FROM NEW."sessionToken"
    OR OLD."userId" IS DISTINCT FROM NEW."userId"
    OR OLD."expires" IS DISTINCT FROM NEW."expires")
  EXECUTE FUNCTION "userbridge_notify_session_change"();

CREATE TRIGGER "User_notify_delete" AFTER DELETE ON "User"
  FOR EACH ROW EXECUTE FUNCTION "userbridge_notify_session_change"();

CREATE TRIGGER "User_notify_update" AFTER UPDATE ON "User"
  FOR EACH ROW
  WHEN (OLD."email" IS DISTINCT FROM NEW."email"
    OR OLD."name" IS DISTINCT FROM NEW."name"
    OR OLD."passwordHash" IS DISTINCT FROM NEW."passwordHash"
    OR OLD."id" IS DISTINCT FROM NEW."id")
  EXECUTE FUNCTION "userbridge_notify_session_change"();

CREATE TRIGGER "Session_notify_truncate" AFTER TRUNCATE ON "Session"
  FOR EACH STATEMENT EXECUTE FUNCTION "userbridge_notify_session_change"();

CREATE TRIGGER "User_notify_truncate" AFTER TRUNCATE ON "User"
  FOR EACH STATEMENT EXECUTE FUNCTION "userbridge_notify_session_change"();
