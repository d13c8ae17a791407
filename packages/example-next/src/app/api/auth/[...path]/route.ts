// Shared signup and login in one catch-all: `POST /api/auth/signup`, `POST /api/auth/login`, JSON
// `{"email","password","name?"}`. It acts on `path[0]` alone, so `side: "site"` is what keeps a
// hostile spelling (`/api/auth/signup/%2561`) from running it in the admin's context.
import { withRouting } from "@userbridge/db";
import { notFound } from "@/lib/profiles";
import { errorResponse, jsonBody, userJson } from "@/lib/responses";
import { getAuth } from "@/lib/site";

export const POST = withRouting(
  async (request: Request, { params }: { params: Promise<{ path: string[] }> }) => {
    const [action] = (await params).path;
    if (action !== "signup" && action !== "login") return notFound();
    const headers = new Headers();
    try {
      const input = await jsonBody(request);
      const user =
        action === "signup"
          ? await getAuth().users.signup(input, request, headers)
          : await getAuth().users.login(input, request, headers);
      return Response.json(userJson(user), { status: action === "signup" ? 201 : 200, headers });
    } catch (error) {
      return errorResponse(error, headers);
    }
  },
  { side: "site" },
);
