// The same profile lookup from the admin side: `GET /admin/api/users/<id>` reads this site's own
// users, and only for a logged-in admin of this site.
import { withRouting } from "@userbridge/db";
import { findProfile, notFound } from "@/lib/profiles";
import { errorResponse } from "@/lib/responses";
import { getAuth } from "@/lib/site";

export const GET = withRouting(
  async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
    const headers = new Headers();
    try {
      if (!(await getAuth().admins.getUser(request, headers))) {
        return Response.json(
          { error: { code: "USERBRIDGE_UNAUTHENTICATED", message: "not logged in to this site's admin" } },
          { status: 401, headers },
        );
      }
      const user = await findProfile((await params).id);
      return user ? Response.json({ user }, { headers }) : notFound();
    } catch (error) {
      return errorResponse(error, headers);
    }
  },
  { side: "admin" },
);
