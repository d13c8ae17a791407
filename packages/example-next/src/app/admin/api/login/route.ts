// JSON login for this site's admin: `POST /admin/api/login`. The admin session's users and rows are
// always the site's own; `side: "admin"` refuses any request whose path does not read as the admin's.
import { withRouting } from "@userbridge/db";
import { errorResponse, jsonBody, userJson } from "@/lib/responses";
import { getAuth } from "@/lib/site";

export const POST = withRouting(
  async (request: Request) => {
    const headers = new Headers();
    try {
      const admin = await getAuth().admins.login(await jsonBody(request), request, headers);
      return Response.json(userJson(admin), { headers });
    } catch (error) {
      return errorResponse(error, headers);
    }
  },
  { side: "admin" },
);
