// The cross-domain hand-off (`/sso/start`, `/sso/authorize`, `/sso/callback`), for sites that share no
// cookie domain with this one: set SESSION_HOME_URL on the site whose login is used, and list the
// sites in SESSION_TRUSTED_ORIGINS (see the root README, "One login across different domains").
import { withRouting } from "@userbridge/db";
import { errorResponse } from "@/lib/responses";
import { getAuth } from "@/lib/site";

export const GET = withRouting(
  async (request: Request) => {
    try {
      return (await getAuth().ssoRoutes().fetch(request)) ?? new Response(null, { status: 404 });
    } catch (error) {
      return errorResponse(error);
    }
  },
  { side: "site" },
);
