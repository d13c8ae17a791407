// A route handler on the site's side: withRouting runs it in the site's routing context, so the
// session lookup below reads the shared identity database.
import { withRouting } from "@userbridge/db";
import { errorResponse, userJson } from "@/lib/responses";
import { getAuth } from "@/lib/site";

export const GET = withRouting(
  async (request: Request) => {
    const headers = new Headers();
    try {
      const user = await getAuth().users.getUser(request, headers);
      return user
        ? Response.json(userJson(user), { headers })
        : Response.json(
            { error: { code: "USERBRIDGE_UNAUTHENTICATED", message: "not logged in" } },
            { status: 401, headers },
          );
    } catch (error) {
      return errorResponse(error, headers);
    }
  },
  { side: "site" },
);
