// A public profile: `GET /api/users/<id>`. Next has already chosen this file for the request, so the
// handler says which side it is on; a path that reads as the admin's (or reads two ways, such as
// `/api/users/%2561`) is answered 400 before the handler runs, never served in the admin's context.
import { withRouting } from "@userbridge/db";
import { findProfile, notFound } from "@/lib/profiles";
import { errorResponse } from "@/lib/responses";

export const GET = withRouting(
  async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
    try {
      const user = await findProfile((await params).id);
      return user ? Response.json({ user }) : notFound();
    } catch (error) {
      return errorResponse(error);
    }
  },
  { side: "site" },
);
