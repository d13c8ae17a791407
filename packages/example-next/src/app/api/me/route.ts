// A route handler: withRouting runs it in the request's routing context (not the admin: /api/me), so the
// session lookup below reads the shared identity database.
import { withRouting } from "@userbridge/db";
import { userJson } from "@/lib/responses";
import { getAuth } from "@/lib/site";

export const GET = withRouting(async (request: Request) => {
  const user = await getAuth().users.getUser(request, new Headers());
  return user
    ? Response.json(userJson(user))
    : Response.json(
        { error: { code: "USERBRIDGE_UNAUTHENTICATED", message: "not logged in" } },
        { status: 401 },
      );
});
