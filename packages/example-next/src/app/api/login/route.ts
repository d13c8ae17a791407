// JSON login for the shared session: `POST /api/login {"email","password"}`.
import { withRouting } from "@userbridge/db";
import { errorResponse, jsonBody, userJson } from "@/lib/responses";
import { getAuth } from "@/lib/site";

export const POST = withRouting(
  async (request: Request) => {
    const headers = new Headers();
    try {
      const user = await getAuth().users.login(await jsonBody(request), request, headers);
      return Response.json(userJson(user), { headers });
    } catch (error) {
      return errorResponse(error, headers);
    }
  },
  { side: "site" },
);
